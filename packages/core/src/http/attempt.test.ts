import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { closedPort, type FakeVendor, startFakeVendor } from '../testing/fake-vendor'
import { attemptRequest } from './attempt'
import { createHttpClient } from './client'

const API_KEY = 'sk_live_do-not-leak-1234567890'

let vendor: FakeVendor
beforeAll(async () => {
  vendor = await startFakeVendor()
})
afterAll(() => vendor.close())
beforeEach(() => vendor.reset())

const live = new AbortController().signal
const http = (baseUrl: string) =>
  createHttpClient({ baseUrl, headers: { authorization: `Bearer ${API_KEY}` }, timeoutMs: 2000 })

describe('attemptRequest', () => {
  it('gives every HTTP status as a response, with the request sent under the signal', async () => {
    vendor.reply({ status: 503, body: { title: 'Service Unavailable' } })
    const answer = await attemptRequest(
      http(vendor.url),
      { method: 'POST', path: '/events', body: { n: 1 } },
      live,
    )
    expect(answer.failure).toBeUndefined()
    expect(answer.response).toMatchObject({ status: 503, body: { title: 'Service Unavailable' } })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]).toMatchObject({ method: 'POST', path: '/events', body: { n: 1 } })
  })

  it('turns a refused connection into a failure Result without the URL or the key', async () => {
    const answer = await attemptRequest(
      http(`http://127.0.0.1:${await closedPort()}`),
      { method: 'GET', path: '/ping?api_key=secret' },
      live,
    )
    expect(answer.response).toBeUndefined()
    expect(answer.failure).toMatchObject({ outcome: 'failure', code: 'NETWORK_REFUSED' })
    expect(JSON.stringify(answer)).not.toMatch(/secret|sk_live|127\.0\.0\.1/)
  })

  it('turns the hook deadline into DEADLINE_EXCEEDED, never a throw', async () => {
    vendor.reply({ status: 200, delayMs: 1000 })
    const deadline = new AbortController()
    const pending = attemptRequest(
      http(vendor.url),
      { method: 'GET', path: '/slow' },
      deadline.signal,
    )
    setTimeout(() => deadline.abort(), 20)
    expect((await pending).failure).toMatchObject({ outcome: 'failure', code: 'DEADLINE_EXCEEDED' })
  })
})
