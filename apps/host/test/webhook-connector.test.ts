// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The built-in `webhook` connector loaded by the host from a config block: one signed POST of the
 * event per SendEvent1, verified here with the Standard Webhooks reference library; the secret,
 * the receiver's token and the customer stay out of the host's log; a typo is a start-up error.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { type FakeVendor, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/load'
import { resolveConnectors } from '../src/connectors/resolve'
import { newBhid, startTestHost, type TestHost } from './helpers'

// The library the connector signs with, from the connector's own dependencies.
const fromWebhookPackage = createRequire(
  fileURLToPath(new URL('../../../packages/webhook/package.json', import.meta.url)),
)
const { Webhook } = fromWebhookPackage('standardwebhooks') as {
  Webhook: new (
    secret: string,
  ) => { verify(payload: string, headers: Record<string, string>): unknown }
}

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const TOKEN = 'receiver-token-7c1e'

describe('host with the webhook connector', () => {
  let receiver: FakeVendor
  let host: TestHost

  beforeAll(async () => {
    receiver = await startFakeVendor({ defaultReply: { status: 200, body: { outcome: 'sent' } } })
    host = await startTestHost(
      [
        'store: { kind: memory }',
        'connectors:',
        '  webhook:',
        `    url: "${receiver.url}/bubblehouse?src=hooks"`,
        '    secret: "${WEBHOOK_SECRET}"',
        '    headers:',
        '      Authorization: "Bearer ${RECEIVER_TOKEN}"',
      ].join('\n'),
      { env: { NODE_ENV: 'test', WEBHOOK_SECRET: SECRET, RECEIVER_TOKEN: TOKEN } },
    )
  })
  afterAll(async () => {
    await host.close()
    await receiver.close()
  })

  it('POSTs the signed event and answers the outcome the receiver chose', async () => {
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    const r = await host.send('SendEvent1', event)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.text)).toEqual({ outcome: 'sent' })

    expect(receiver.requests).toHaveLength(1)
    const [request] = receiver.requests
    expect(request?.url).toBe('/bubblehouse?src=hooks')
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(request?.headers['webhook-id']).toBe(event.bhid)
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
        name,
        String(request?.headers[name]),
      ]),
    )
    expect(new Webhook(SECRET).verify(request?.raw ?? '', headers)).toEqual(event)

    const line = host.logs().find((l) => l.requestId === r.requestId)
    expect(line?.connectors).toEqual({
      webhook: { outcome: 'sent', code: 'WEBHOOK_RECEIVER_SENT', vendorStatus: 200 },
    })
    const log = host.logText()
    for (const secret of [SECRET.slice('whsec_'.length), TOKEN, event.customer.email!]) {
      expect(log).not.toContain(secret)
    }
  })

  it('refuses an unknown key and a secret that is not whsec_ at start-up', async () => {
    const resolve = (block: string) =>
      resolveConnectors(
        parseConfig(`connectors:\n  webhook:\n${block}`, 'hooks.yaml', {
          env: {},
          dir: process.cwd(),
        }),
      ).catch((err: unknown) => err)
    const url = '    url: https://hooks.example.com/bh\n'
    expect(String(await resolve(`${url}    secret: "${SECRET}"\n    secrett: x\n`))).toMatch(
      /connectors\.webhook\.secrett is not a known key/,
    )
    expect(String(await resolve(`${url}    secret: not-a-whsec-secret\n`))).toMatch(
      /connectors\.webhook\.secret must start with whsec_/,
    )
  })
})
