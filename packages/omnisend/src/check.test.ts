import { checkConnector, closedPort, useFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import omnisend from './index'

const vendor = useFakeVendor()

const check = (baseUrl: string) =>
  checkConnector(omnisend, { apiKey: 'omnisend-check-key', baseUrl })

describe('check()', () => {
  it('probes GET /brands/current with the key and version, and answers ok', async () => {
    vendor.reply({ status: 200, body: { brandID: '5f0c1e2d3a4b5c6d7e8f9a0b', name: 'Shop' } })
    expect(await check(vendor.url)).toEqual({
      ok: true,
      code: 'OK',
      message: 'Omnisend accepted the API key',
    })
    expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /brands/current'])
    expect(vendor.requests[0]?.headers).toMatchObject({
      authorization: 'Omnisend-API-Key omnisend-check-key',
      'omnisend-version': '2026-03-15',
    })
  })

  it('reports a rejected key', async () => {
    vendor.reply({ status: 401, body: fixture('401-unauthorized.json') })
    expect(await check(vendor.url)).toEqual({
      ok: false,
      code: 'OMNISEND_UNAUTHORIZED',
      message: 'Omnisend rejected the API key',
    })
  })

  it('names what check reads on 403, and a retired version on 410', async () => {
    vendor.reply(
      { status: 403, body: fixture('403-forbidden.json') },
      { status: 410, body: fixture('410-version-retired.json') },
    )
    expect(await check(vendor.url)).toMatchObject({
      ok: false,
      code: 'OMNISEND_FORBIDDEN',
      message: expect.stringContaining('brands.read'),
    })
    expect(await check(vendor.url)).toMatchObject({ ok: false, code: 'OMNISEND_VERSION_RETIRED' })
  })

  it('reports an unreachable host without throwing', async () => {
    expect(await check(`http://127.0.0.1:${await closedPort()}`)).toMatchObject({
      ok: false,
      code: 'NETWORK_REFUSED',
    })
  })
})
