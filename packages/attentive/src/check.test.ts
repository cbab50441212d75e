import { checkConnector, closedPort, useFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import attentive from './index'

const vendor = useFakeVendor()

const check = (baseUrl: string) =>
  checkConnector(attentive, { apiKey: 'attentive-check-key', baseUrl })

describe('check()', () => {
  it('probes GET /me with the bearer key and answers ok (verbatim OpenAPI example)', async () => {
    vendor.reply({ status: 200, body: fixture('200-me.json') })
    expect(await check(vendor.url)).toEqual({
      ok: true,
      code: 'OK',
      message: 'Attentive accepted the API key',
    })
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /me'])
    expect(vendor.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer attentive-check-key',
    })
  })

  it.each([
    [401, '401-unauthorized.json', 'ATTENTIVE_UNAUTHORIZED', 'Attentive rejected the API key'],
    [403, '403-access-denied.json', 'ATTENTIVE_FORBIDDEN', expect.stringContaining('scope')],
    [404, '404-not-found.json', 'ATTENTIVE_NOT_FOUND', expect.stringContaining('/v1')],
  ])('reports %i', async (status, name, code, message) => {
    vendor.reply({ status, body: fixture(name) })
    expect(await check(vendor.url)).toEqual({ ok: false, code, message })
  })

  it('reports an unreachable host without throwing', async () => {
    expect(await check(`http://127.0.0.1:${await closedPort()}`)).toMatchObject({
      ok: false,
      code: 'NETWORK_REFUSED',
    })
  })
})
