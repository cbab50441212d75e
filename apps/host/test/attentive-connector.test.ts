// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The built-in `attentive` connector loaded by the host from a config block: one
 * `POST /v1/events/custom` per SendEvent1 against a fake Attentive, with the bearer key; the key
 * and the customer stay out of the host's log; a user Attentive does not know answers skipped
 * (never failure); a typo is a start-up error.
 */
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load'
import { resolveConnectors } from '../src/connectors/resolve'
import { newBhid, startTestHost, type TestHost } from './helpers'

const API_KEY = 'attentive-host-test-secret-0123456789'

describe('host with the attentive connector', () => {
  let attentive: FakeVendor
  let host: TestHost

  beforeAll(async () => {
    attentive = await startFakeVendor({ defaultReply: { status: 200 } })
    host = await startTestHost(
      [
        'store: { kind: memory }',
        'connectors:',
        '  attentive:',
        '    apiKey: "${ATTENTIVE_API_KEY}"',
        `    baseUrl: "${attentive.url}/v1"`,
        '    phoneProp: BH_Phone',
      ].join('\n'),
      { env: { NODE_ENV: 'test', ATTENTIVE_API_KEY: API_KEY } },
    )
  })
  afterAll(async () => {
    await host.close()
    await attentive.close()
  })

  it('sends the event to POST /v1/events/custom and answers sent', async () => {
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    const r = await host.send('SendEvent1', event)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ outcome: 'sent' })

    // The host's start-up check probes GET /v1/me; the event is one POST.
    const posts = attentive.requests.filter((q) => q.method === 'POST')
    expect(posts.map((q) => q.path)).toEqual(['/v1/events/custom'])
    const [request] = posts
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request?.body).toMatchObject({
      type: 'Points Earned',
      occurredAt: event.time,
      user: { email: event.customer.email },
      properties: { BH_Source: 'order', BH_Points: 50, order_id: 'ORDER-789' },
    })

    const line = host.logs().find((l) => l.requestId === r.requestId)
    expect(line?.connectors).toEqual({
      attentive: { outcome: 'sent', code: 'HTTP_2XX', vendorStatus: 200 },
    })
    const log = host.logText()
    for (const secret of [API_KEY, event.customer.email!]) expect(log).not.toContain(secret)
  })

  it('a user Attentive does not know answers skipped, and the queue moves on', async () => {
    attentive.reply({
      status: 404,
      body: { error: { id: 4821937465109, message: 'User not found' } },
    })
    const event = sampleEvent('customer-only', {
      bhid: newBhid(),
      customer_props: { BH_Tier: 'Gold', BH_Phone: '+15551230987' },
    })
    const r = await host.send('SendEvent1', event)
    expect(JSON.parse(r.text)).toEqual({ outcome: 'skipped' })
    expect(attentive.requests.at(-1)?.path).toBe('/v1/attributes/custom')
    expect(attentive.requests.at(-1)?.body).toEqual({
      properties: { BH_Tier: 'Gold' },
      user: { phone: '+15551230987', email: event.customer.email },
    })
  })

  it('refuses an unknown key at start-up', async () => {
    const error = await resolveConnectors(
      parseConfig(
        'connectors:\n  attentive:\n    apiKey: k\n    phoneprop: BH_Phone\n',
        'hooks.yaml',
        {
          env: {},
          dir: process.cwd(),
        },
      ),
    ).catch((err: unknown) => err)
    expect(String(error)).toMatch(/connectors\.attentive\.phoneprop is not a known key/)
  })
})
