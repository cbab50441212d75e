// close(): the connector closes its HTTP client, so nothing reaches the vendor afterwards.
import { createConnector, noopLogger, sampleEvent } from '@bubblehouse-hooks/core'
import { startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { expect, it } from 'vitest'
import attentive from './index'

it('close() closes its HTTP client: later calls fail without reaching the vendor', async () => {
  const vendor = await startFakeVendor({ defaultReply: { status: 200 } })
  try {
    const connector = createConnector(attentive, {
      apiKey: 'attentive-close-key',
      baseUrl: vendor.url,
    })
    const plan = connector.plan(sampleEvent('points-earned'))
    if (plan.kind !== 'send') throw new Error(`expected a send plan, got ${plan.kind}`)
    const ctx = { signal: AbortSignal.timeout(5_000), bhid: 'close-1', logger: noopLogger }
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
