// close(): the connector closes its HTTP client, so nothing reaches the receiver afterwards.
import { createConnector, noopLogger, sampleEvent } from '@bubblehouse-hooks/core'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { expect, it } from 'vitest'
import { SECRET } from './__fixtures__/helpers'
import webhook from './index'

it('close() closes its HTTP client: later calls fail without reaching the receiver', async () => {
  const vendor = await startFakeVendor()
  try {
    const connector = createConnector(webhook, { url: `${vendor.url}/bh`, secret: SECRET })
    const plan = connector.plan(sampleEvent('points-earned'))
    if (plan.kind !== 'send') throw new Error(`expected a send plan, got ${plan.kind}`)
    const ctx = { signal: AbortSignal.timeout(5_000), bhid: 'close-test', logger: noopLogger }
    expect(await connector.deliver(plan.requests, ctx)).toMatchObject({ outcome: 'sent' })
    expect(vendor.requests).toHaveLength(1)

    vendor.reset()
    await connector.close?.()
    expect(await connector.deliver(plan.requests, ctx)).toMatchObject({ outcome: 'failure' })
    expect(vendor.requests).toHaveLength(0)
  } finally {
    await vendor.close()
  }
})
