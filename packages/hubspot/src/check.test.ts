/** check(): one authenticated GET /crm/v3/properties/contacts, which also fills the cache. */

import { noopLogger } from '@bubblehouse-hooks/core'
import { closedPort, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import {
  ALL_PROPERTY_NAMES,
  FIXTURES,
  healthyHubspot,
  hubspotHarness,
  useHubspotVendor,
} from './__fixtures__/kit'

const vendor = useHubspotVendor()

const probe = () => ({ signal: AbortSignal.timeout(5_000), logger: noopLogger })
const connector = (baseUrl = vendor().url) => hubspotHarness(baseUrl).connector

describe('check', () => {
  it('is ok when the token lists properties and every mapped one exists', async () => {
    vendor().setDefault(healthyHubspot(ALL_PROPERTY_NAMES))
    expect(await connector().check?.(probe())).toEqual({
      ok: true,
      code: 'OK',
      message: 'token accepted; every mapped contact property exists',
    })
    expect(vendor().requests.map((r) => `${r.method} ${r.url} ${r.headers.authorization}`)).toEqual(
      ['GET /crm/v3/properties/contacts?archived=false Bearer pat-na1-test'],
    )
  })

  it('names the mapped properties that are missing (run provision)', async () => {
    vendor().setDefault(healthyHubspot(['email', 'firstname', 'lastname']))
    const report = await connector().check?.(probe())
    expect(report).toMatchObject({ ok: true, code: 'HUBSPOT_PROPERTIES_MISSING' })
    expect(report?.message).toContain('bubblehouse_points_balance')
    expect(report?.message).toContain('bubblehouse_last_event_at')
    expect(report?.message).not.toContain('firstname')
  })

  it('fills the property cache: the next delivery reads no list', async () => {
    const h = hubspotHarness(vendor().url)
    await h.connector.check?.(probe())
    await h.run(sampleEvent('points-earned', { bhid: 'check-cache-1' }))
    expect(vendor().requests.map((r) => r.method)).toEqual(['GET', 'POST'])
  })

  it('fails with the rule code on a rejected token', async () => {
    vendor().setDefault({ status: 401, body: FIXTURES['401-invalid-authentication'] })
    expect(await connector().check?.(probe())).toEqual({
      ok: false,
      code: 'HUBSPOT_INVALID_AUTHENTICATION',
      message: 'HubSpot rejected the access token',
    })
  })

  it('fails with the network kind when HubSpot cannot be reached', async () => {
    const report = await connector(`http://127.0.0.1:${await closedPort()}`).check?.(probe())
    expect(report).toMatchObject({ ok: false, code: 'NETWORK_REFUSED' })
  })

  it('never echoes the token', async () => {
    vendor().setDefault({ status: 403, body: FIXTURES['403-missing-scopes'] })
    const report = await connector().check?.(probe())
    expect(report).toMatchObject({ ok: false, code: 'HUBSPOT_MISSING_SCOPES' })
    expect(JSON.stringify(report)).not.toContain('pat-na1-test')
  })
})
