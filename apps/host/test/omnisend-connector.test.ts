// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The built-in `omnisend` connector loaded by the host from a config block: one `POST /events`
 * per SendEvent1 against a fake Omnisend, with the key and the pinned version; the key and the
 * customer stay out of the host's log; a typo is a start-up error.
 */
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load'
import { resolveConnectors } from '../src/connectors/resolve'
import { newBhid, startTestHost, type TestHost } from './helpers'

const API_KEY = '5f0c1e2d3a4b5c6d7e8f9a0b-host-test-secret'

describe('host with the omnisend connector', () => {
  let omnisend: FakeVendor
  let host: TestHost

  beforeAll(async () => {
    omnisend = await startFakeVendor({ defaultReply: { status: 202 } })
    host = await startTestHost(
      [
        'store: { kind: memory }',
        'connectors:',
        '  omnisend:',
        '    apiKey: "${OMNISEND_API_KEY}"',
        `    baseUrl: "${omnisend.url}/api"`,
      ].join('\n'),
      { env: { NODE_ENV: 'test', OMNISEND_API_KEY: API_KEY } },
    )
  })
  afterAll(async () => {
    await host.close()
    await omnisend.close()
  })

  it('sends the event to POST /api/events and answers sent', async () => {
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    const r = await host.send('SendEvent1', event)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ outcome: 'sent' })

    // The host's start-up check probes GET /api/brands/current; the event is one POST.
    const posts = omnisend.requests.filter((q) => q.method === 'POST')
    expect(posts.map((q) => q.path)).toEqual(['/api/events'])
    const [request] = posts
    expect(request?.headers.authorization).toBe(`Omnisend-API-Key ${API_KEY}`)
    expect(request?.headers['omnisend-version']).toBe('2026-03-15')
    expect(request?.body).toMatchObject({
      eventName: 'Points Earned',
      origin: 'api',
      eventTime: event.time,
      contact: { email: event.customer.email, customProperties: { bh_points_balance: 500 } },
      properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
    })

    const line = host.logs().find((l) => l.requestId === r.requestId)
    expect(line?.connectors).toEqual({
      omnisend: { outcome: 'sent', code: 'HTTP_2XX', vendorStatus: 202 },
    })
    const log = host.logText()
    for (const secret of [API_KEY, event.customer.email!]) expect(log).not.toContain(secret)
  })

  it('refuses an unknown key at start-up', async () => {
    const error = await resolveConnectors(
      parseConfig(
        'connectors:\n  omnisend:\n    apiKey: k\n    phoneprop: BH_Phone\n',
        'hooks.yaml',
        {
          env: {},
          dir: process.cwd(),
        },
      ),
    ).catch((err: unknown) => err)
    expect(String(error)).toMatch(/connectors\.omnisend\.phoneprop is not a known key/)
  })
})
