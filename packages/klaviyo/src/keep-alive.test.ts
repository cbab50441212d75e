import { CANONICAL_EVENT, createHarness, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { expect, it } from 'vitest'
import klaviyo from './index'

it('sends many events over one TCP connection (keep-alive agent per connector)', async () => {
  const vendor = await startFakeVendor({ defaultReply: { status: 202 } })
  const h = createHarness(klaviyo, { apiKey: 'pk_test', baseUrl: vendor.url })
  try {
    for (let i = 0; i < 50; i++) {
      const result = await h.run({ ...CANONICAL_EVENT, bhid: `keep-alive-${i}` })
      expect(result.outcome).toBe('sent')
    }
    expect(vendor.requests).toHaveLength(50)
    expect(vendor.connections).toBe(1)
  } finally {
    await h.connector.close?.()
    await vendor.close()
  }
})
