import { checkConnector, closedPort, useFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { fixture } from './__fixtures__/load'
import klaviyo from './index'
import { KLAVIYO_REVISION } from './version'

const vendor = useFakeVendor()

const check = (baseUrl: string) => checkConnector(klaviyo, { apiKey: 'pk_check', baseUrl })

describe('check()', () => {
  it('probes GET /api/accounts with the key and answers ok', async () => {
    vendor.reply({ status: 200, body: { data: [{ type: 'account', id: 'AbC123' }] } })
    expect(await check(vendor.url)).toEqual({
      ok: true,
      code: 'OK',
      message: 'Klaviyo accepted the API key',
    })
    expect(vendor.requests).toHaveLength(1)
    expect(vendor.requests[0]?.method).toBe('GET')
    expect(vendor.requests[0]?.path).toBe('/api/accounts')
    expect(vendor.requests[0]?.headers).toMatchObject({
      authorization: 'Klaviyo-API-Key pk_check',
      revision: KLAVIYO_REVISION,
    })
  })

  it('reports a rejected key', async () => {
    vendor.reply({ status: 401, body: fixture('401-not-authenticated.json') })
    expect(await check(vendor.url)).toEqual({
      ok: false,
      code: 'KLAVIYO_NOT_AUTHENTICATED',
      message: 'Klaviyo rejected the API key',
    })
  })

  it('names the scope check needs on 403', async () => {
    vendor.reply({ status: 403, body: fixture('403-permission-denied.json') })
    expect(await check(vendor.url)).toMatchObject({
      ok: false,
      code: 'KLAVIYO_PERMISSION_DENIED',
      message: expect.stringContaining('accounts:read'),
    })
  })

  it('reports an unreachable host without throwing', async () => {
    expect(await check(`http://127.0.0.1:${await closedPort()}`)).toMatchObject({
      ok: false,
      code: 'NETWORK_REFUSED',
    })
  })
})
