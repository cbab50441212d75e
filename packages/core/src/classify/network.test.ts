/** Network error kinds, from errors that real sockets, resolvers and timers produce. */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closedPort, type FakeVendor, startFakeVendor } from '../testing/fake-vendor'
import { classifyError, networkErrorKind } from './network'

/** The error `run` rejects with. */
async function thrown(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run()
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

/** A node:http request (what axios, superagent and node-fetch use) to `url`. */
const nodeGet = (url: string) =>
  new Promise((resolve, reject) => {
    httpRequest(url, (res) => res.resume().on('end', resolve))
      .on('error', reject)
      .end()
  })

let vendor: FakeVendor
beforeAll(async () => {
  vendor = await startFakeVendor()
})
afterAll(() => vendor.close())

describe('networkErrorKind from real errors', () => {
  it('fetch to a closed port → NETWORK_REFUSED', async () => {
    const err = await thrown(async () => fetch(`http://127.0.0.1:${await closedPort()}/`))
    expect(networkErrorKind(err)).toBe('NETWORK_REFUSED')
  })

  it('fetch to a .invalid host → NETWORK_DNS', async () => {
    const err = await thrown(() => fetch('http://vendor.bubblehouse-hooks.invalid/'))
    expect(networkErrorKind(err)).toBe('NETWORK_DNS')
  })

  it('fetch to a server that destroys the socket → NETWORK_RESET', async () => {
    vendor.setDefault({ reset: true })
    const err = await thrown(() => fetch(`${vendor.url}/x`))
    expect(networkErrorKind(err)).toBe('NETWORK_RESET')
  })

  it('node:http to a server that destroys the socket → NETWORK_RESET', async () => {
    vendor.setDefault({ reset: true })
    const err = await thrown(() => nodeGet(`${vendor.url}/x`))
    expect(networkErrorKind(err)).toBe('NETWORK_RESET')
  })

  it('node:http to a closed port → NETWORK_REFUSED', async () => {
    const err = await thrown(async () => nodeGet(`http://127.0.0.1:${await closedPort()}/`))
    expect(networkErrorKind(err)).toBe('NETWORK_REFUSED')
  })

  it('fetch with AbortSignal.timeout on a hanging server → TIMEOUT', async () => {
    vendor.setDefault({ hang: true })
    const err = await thrown(() => fetch(`${vendor.url}/x`, { signal: AbortSignal.timeout(100) }))
    expect(networkErrorKind(err)).toBe('TIMEOUT')
  })

  it('fetch aborted by the hook deadline → DEADLINE_EXCEEDED', async () => {
    vendor.setDefault({ hang: true })
    const controller = new AbortController()
    setTimeout(() => controller.abort(new DOMException('hook deadline passed', 'AbortError')), 50)
    const err = await thrown(() => fetch(`${vendor.url}/x`, { signal: controller.signal }))
    expect(networkErrorKind(err)).toBe('DEADLINE_EXCEEDED')
  })

  it('https to a plain-HTTP server → NETWORK_TLS', async () => {
    const err = await thrown(() => fetch(`${vendor.url.replace('http:', 'https:')}/x`))
    expect(networkErrorKind(err)).toBe('NETWORK_TLS')
  })
})

describe('networkErrorKind from error shapes', () => {
  const coded = (code: unknown, cause?: unknown) => Object.assign(new Error('x'), { code, cause })

  it.each([
    ['EAI_AGAIN', 'NETWORK_DNS'],
    ['EPIPE', 'NETWORK_RESET'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['ECONNABORTED', 'TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT'],
    ['ERR_CANCELED', 'DEADLINE_EXCEEDED'],
    ['CERT_HAS_EXPIRED', 'NETWORK_TLS'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'NETWORK_TLS'],
    ['EHOSTUNREACH', 'NETWORK_ERROR'],
  ])('code %s → %s', (code, kind) => {
    expect(networkErrorKind(coded(code))).toBe(kind)
  })

  it('looks through cause chains, but not forever', () => {
    expect(networkErrorKind(coded(undefined, coded(undefined, coded('ENOTFOUND'))))).toBe(
      'NETWORK_DNS',
    )
    let deep: unknown = coded('ENOTFOUND')
    for (let i = 0; i < 10; i++) deep = coded(undefined, deep)
    expect(networkErrorKind(deep)).toBe('NETWORK_ERROR')
    const loop = coded(undefined)
    ;(loop as { cause?: unknown }).cause = loop
    expect(networkErrorKind(loop)).toBe('NETWORK_ERROR')
  })

  it.each([null, undefined, 'a string', 42, new Error('plain')])('falls back for %j', (err) => {
    expect(networkErrorKind(err)).toBe('NETWORK_ERROR')
  })

  it('ignores numeric DOMException codes', () => {
    expect(networkErrorKind(new DOMException('x', 'TimeoutError'))).toBe('TIMEOUT')
  })
})

describe('classifyError', () => {
  it('is always failure, with the kind as code and nothing of the error', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED to https://key:secret@x'), {
      code: 'ECONNREFUSED',
      config: { headers: { authorization: 'Bearer secret-token' } },
    })
    const r = classifyError(err)
    expect(r).toEqual({
      outcome: 'failure',
      code: 'NETWORK_REFUSED',
      reason: 'the vendor refused the connection',
    })
    expect(JSON.stringify(r)).not.toContain('secret')
  })
})
