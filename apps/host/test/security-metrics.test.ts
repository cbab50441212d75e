/**
 * Issue 21, items 4, 8 and 9: metric labels stay bounded whatever a connector or an event does,
 * verified tokens are counted by the claims they carry, and 401 lines name the client.
 */
import { createHookToken, sampleEvent } from '@bubblehouse-hooks/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHostMetrics } from '../src/server/metrics'
import { newBhid, startTestHost, type TestHost } from './helpers'

/** Series of one metric in the registry's text. */
const seriesOf = (text: string, name: string) =>
  text.split('\n').filter((line) => line.startsWith(`${name}{`))

function recordingWarnings() {
  const warnings: Array<{ obj: unknown; msg: string }> = []
  const logger = {
    debug() {},
    info() {},
    error() {},
    warn: (obj: unknown, msg: string) => warnings.push({ obj, msg }),
    child() {
      return logger
    },
  }
  return { logger, warnings }
}

describe('bounded labels', () => {
  it('count(): at most 50 name/label pairs a connector, the rest as other/other, one warning', async () => {
    const { logger, warnings } = recordingWarnings()
    const metrics = createHostMetrics({ defaultMetrics: false, logger })
    const connector = metrics.forConnector('crm')
    // A connector that puts event data (property names, values) into its labels.
    for (let i = 0; i < 1000; i++) connector.count('property_seen', `customer_prop_${i}`)
    connector.count('property_seen', 'customer_prop_3')
    const series = seriesOf(await metrics.registry.metrics(), 'bh_connector_counts_total')
    expect(series).toHaveLength(51)
    expect(series).toContain(
      'bh_connector_counts_total{connector="crm",name="other",label="other",tenant="default"} 950',
    )
    expect(series).toContain(
      'bh_connector_counts_total{connector="crm",name="property_seen",label="customer_prop_3",tenant="default"} 2',
    )
    expect(warnings).toEqual([
      {
        obj: { connector: 'crm', metric: 'bh_connector_counts_total', max: 50 },
        msg: expect.stringContaining('more distinct metric labels than the cap'),
      },
    ])
  })

  it('result codes: at most 100 a connector; field-drop reasons only from the fixed list', async () => {
    const metrics = createHostMetrics({ defaultMetrics: false })
    for (let i = 0; i < 300; i++) metrics.hook.event('crm', 'invalid_data', `VENDOR_SAID_${i}`)
    metrics.forConnector('crm').fieldsDropped('BH_MagicLink' as never, 1)
    const text = await metrics.registry.metrics()
    expect(seriesOf(text, 'bh_events_total')).toHaveLength(101)
    expect(seriesOf(text, 'bh_fields_dropped_total')).toEqual([
      'bh_fields_dropped_total{connector="crm",reason="other",tenant="default"} 1',
    ])
  })
})

describe('host over HTTP', () => {
  let host: TestHost
  beforeAll(async () => {
    host = await startTestHost('store: { kind: memory }\nconnectors:\n  log: { to: stderr }\n')
  })
  afterAll(() => host.close())

  it('events with ever new property names add no series', async () => {
    const before = (await host.host.registry.metrics()).split('\n').length
    for (let i = 0; i < 30; i++) {
      const event = sampleEvent('points-earned', {
        bhid: newBhid(),
        customer_props: { [`BH_Custom_${i}`]: i },
      })
      expect(JSON.parse((await host.send('SendEvent1', event)).text)).toEqual({ outcome: 'sent' })
    }
    const text = await host.host.registry.metrics()
    expect(text).not.toMatch(/BH_Custom_/)
    // The first request adds its series; the next 29 add none (histogram lines aside).
    expect(seriesOf(text, 'bh_events_total')).toHaveLength(1)
    expect(text.split('\n').length).toBeLessThan(before + 40)
  })

  it('counts verified tokens by the registered claims they carried (yes / no)', async () => {
    const key = { kid: 'main', secret: host.secret }
    for (const token of [
      await createHookToken({ key }),
      await createHookToken({ key, expiresInSec: null, claims: { iss: 'bubblehouse' } }),
    ]) {
      const r = await fetch(`${host.url}/hooks/Hello1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ magic: 'm' }),
      })
      expect(r.status).toBe(200)
    }
    const series = seriesOf(await host.host.registry.metrics(), 'bh_token_claims_total')
    // The send helper's tokens (the earlier test) carry iat and exp too.
    expect(series).toHaveLength(2)
    expect(series[0]).toMatch(
      /^bh_token_claims_total\{iat="yes",exp="yes",nbf="no",aud="no",iss="no",sub="no"\} \d+$/,
    )
    expect(series[1]).toBe(
      'bh_token_claims_total{iat="yes",exp="no",nbf="no",aud="no",iss="yes",sub="no"} 1',
    )
  })

  it('401 lines name the client address', async () => {
    const r = await fetch(`${host.url}/hooks/Hello1`, {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token' },
      body: '{}',
    })
    expect(r.status).toBe(401)
    const id = r.headers.get('x-request-id')
    expect(host.logs().filter((l) => l.requestId === id)).toEqual([
      expect.objectContaining({ level: 'warn', status: 401, client: '127.0.0.1' }),
    ])
  })
})
