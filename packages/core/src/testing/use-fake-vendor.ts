/**
 * A fake vendor for one vitest file: started before its tests, reset before each, closed after.
 * Needs vitest, so it is exported from `@bubblehouse-hooks/core/testing` only.
 * @module
 */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { type FakeVendor, type FakeVendorOptions, startFakeVendor } from './fake-vendor'

/**
 * Start a fake vendor in `beforeAll`, reset it in `beforeEach` (requests, queued replies, routes
 * and the default reply go back to `options`) and close it in `afterAll`. Returns the vendor at
 * once: its members reach the running server, so read them inside tests and hooks only.
 * @example
 * const vendor = useFakeVendor({ defaultReply: { status: 202 } })
 *
 * it('posts once', async () => {
 *   await createHarness(klaviyo, { apiKey: 'pk_test', baseUrl: vendor.url }).run(CANONICAL_EVENT)
 *   expect(vendor.requests).toHaveLength(1)
 * })
 */
export function useFakeVendor(options: FakeVendorOptions = {}): FakeVendor {
  let started: FakeVendor | undefined
  const current = (): FakeVendor => {
    if (!started) throw new Error('the fake vendor starts in beforeAll: use it inside a test')
    return started
  }
  beforeAll(async () => {
    started = await startFakeVendor(options)
  })
  beforeEach(() => current().reset())
  afterAll(async () => {
    await started?.close()
  })
  const vendor: FakeVendor = {
    get url() {
      return current().url
    },
    get requests() {
      return current().requests
    },
    get connections() {
      return current().connections
    },
    reply: (...replies) => {
      current().reply(...replies)
      return vendor
    },
    route: (method, path, responder) => {
      current().route(method, path, responder)
      return vendor
    },
    setDefault: (responder) => {
      current().setDefault(responder)
      return vendor
    },
    reset: () => current().reset(),
    close: () => current().close(),
  }
  return vendor
}
