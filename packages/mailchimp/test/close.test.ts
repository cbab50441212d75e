// close(): the connector closes its HTTP client, so nothing reaches the vendor afterwards.
import { createConnector, noopLogger, sampleEvent } from '@bubblehouse-hooks/core'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { expect, it } from 'vitest'
import mailchimp from '../src/index'

it('close() closes its HTTP client: later calls fail without reaching the vendor', async () => {
  const vendor = await startFakeVendor()
  try {
    const connector = createConnector(mailchimp, {
      apiKey: '0123456789abcdef0123456789abcdef-us6',
      listId: 'L1',
      baseUrl: `${vendor.url}/3.0`,
    })
    const plan = connector.plan(sampleEvent('points-earned'))
    if (plan.kind !== 'send') throw new Error(`expected a send plan, got ${plan.kind}`)
    const ctx = { signal: AbortSignal.timeout(5_000), bhid: plan.kind, logger: noopLogger }
    await connector.deliver(plan.requests, ctx)
    expect(vendor.requests.length).toBeGreaterThan(0)

    vendor.reset()
    await connector.close?.()
    expect(await connector.deliver(plan.requests, ctx)).toMatchObject({ outcome: 'failure' })
    expect(vendor.requests).toHaveLength(0)
  } finally {
    await vendor.close()
  }
})
