// The vitest-free testing kit works without vitest: a fake vendor answers a real HTTP request.
import { startFakeVendor } from '@bubblehouse-hooks/core/testing/tools'

const vendor = await startFakeVendor({ defaultReply: { status: 202, body: { ok: true } } })
try {
  const res = await fetch(`${vendor.url}/v1/events`, { method: 'POST', body: '{"a":1}' })
  if (res.status !== 202 || vendor.requests.length !== 1) {
    throw new Error(`fake vendor answered ${res.status} with ${vendor.requests.length} requests`)
  }
  console.log(
    'ok    @bubblehouse-hooks/core/testing/tools: startFakeVendor answered without vitest',
  )
} finally {
  await vendor.close()
}
