/**
 * Issue 21, items 1 and 7: the `log` connector and the host log hold no login link, referral or
 * reward code, URL or email, and the email hash is keyed per deployment.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  CANONICAL_EVENT,
  SAMPLE_NAMES,
  type SendEvent1,
  sampleEvent,
} from '@bubblehouse-hooks/core'
import { createHarness } from '@bubblehouse-hooks/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import logConnector, { REDACTED, redactEvent } from '../src/connectors/log/index'
import { createEmailHasher } from '../src/email-hash'
import { jsonLines, newBhid, newSecret, startTestHost, type TestHost, tempDir } from './helpers'

const MAGIC_LINK = 'https://shop.example.com/account/login?magic=9f8e7d6c5b4a'
const REFERRAL_CODE = 'REF-SAM-7731'
/** Values that let whoever reads them in, or are worth money: none may reach a line. */
const SECRETS = [MAGIC_LINK, '9f8e7d6c5b4a', REFERRAL_CODE, 'PLAT-10OFF', 'SHIPFREE-42', 'BDAY-5']

/** Every sample, with a magic link, a referral code and a referral URL added as Bubblehouse sends them. */
function withCredentials(name: string): SendEvent1 {
  const sample = sampleEvent(name)
  return {
    ...sample,
    bhid: newBhid(),
    customer_props: { ...sample.customer_props, BH_MagicLink: MAGIC_LINK },
    extra_props: {
      ...sample.extra_props,
      BH_Referral_Code: REFERRAL_CODE,
      referralUrl: 'www.shop.example.com/r/sam',
      nested: { promoCode: 12345, note: `visit ${MAGIC_LINK} now` },
    },
  }
}

const plainHash = (email: string) =>
  createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16)

describe('log connector redaction (includePii: false)', () => {
  const hashEmail = createEmailHasher([{ kid: 'main', secret: newSecret() }])

  it.each(SAMPLE_NAMES)('%s: no link, token, code, coupon or URL survives', (name) => {
    const text = JSON.stringify(redactEvent(withCredentials(name), hashEmail))
    for (const secret of SECRETS) expect(text).not.toContain(secret)
    expect(text).not.toMatch(/https?:\/\/|www\./)
  })

  it('redacts by key and by value, keeps flags and ordinary values', () => {
    const redacted = redactEvent(withCredentials('referral-approved-receiver'), hashEmail)
    expect(redacted.customer_props).toEqual({
      BH_Points_Balance: 500,
      BH_Tier: 'Gold',
      BH_MagicLink: REDACTED,
    })
    expect(redacted.segment_props).toEqual({ BH_Channel: 'email', BH_HasCoupon: true })
    expect(redacted.extra_props).toMatchObject({
      BH_Link: REDACTED,
      BH_Referral_Code: REDACTED,
      referralUrl: REDACTED,
      nested: { promoCode: REDACTED, note: REDACTED },
    })
    expect(redactEvent(withCredentials('tier-reached'), hashEmail).extra_props).toMatchObject({
      BH_Reward_Coupon: REDACTED,
    })
    // Words are judged whole: "security" holds "uri", "order_id" is no code.
    const plain = redactEvent(
      sampleEvent('points-earned', { extra_props: { security_level: 'high', order_id: 'O-1' } }),
      hashEmail,
    )
    expect(plain.extra_props).toEqual({ security_level: 'high', order_id: 'O-1' })
  })

  it('includePii: true writes the event as received (the operator asked for it)', () => {
    const h = createHarness(logConnector, { includePii: true }, { hashEmail })
    const event = withCredentials('birthday')
    const plan = h.plan(event)
    expect(plan.kind === 'send' && plan.requests[0]?.body).toEqual(
      JSON.parse(JSON.stringify(event)),
    )
  })
})

describe('email hash', () => {
  const email = CANONICAL_EVENT.customer.email!

  it('is an HMAC keyed by the hook secret: not the plain hash, the same on replicas', () => {
    const secret = newSecret()
    const one = createEmailHasher([{ kid: 'main', secret }])
    const replica = createEmailHasher([
      { kid: 'main', secret },
      { kid: 'next', secret: newSecret() },
    ])
    const other = createEmailHasher([{ kid: 'main', secret: newSecret() }])
    expect(one(email)).toMatch(/^[0-9a-f]{16}$/)
    expect(one(email)).not.toBe(plainHash(email))
    expect(replica(` ${email.toUpperCase()} `)).toBe(one(email))
    expect(other(email)).not.toBe(one(email))
  })
})

describe('host: event lines and the host log', () => {
  let host: TestHost
  let dir: { dir: string; cleanup(): Promise<void> }
  let eventsFile: string
  beforeAll(async () => {
    dir = await tempDir()
    eventsFile = join(dir.dir, 'data', 'events.jsonl')
    host = await startTestHost(
      ['store: { kind: memory }', 'connectors:', `  log: { to: "${eventsFile}" }`].join('\n'),
    )
  })
  afterAll(async () => {
    await host.close()
    await dir.cleanup()
  })

  it('neither holds a login link, a code or the email; both carry the same keyed hash', async () => {
    for (const name of SAMPLE_NAMES) {
      const r = await host.send('SendEvent1', withCredentials(name))
      expect(JSON.parse(r.text)).toEqual({ outcome: 'sent' })
    }
    const events = await readFile(eventsFile, 'utf8')
    const log = host.logText()
    for (const text of [events, log]) {
      for (const secret of [...SECRETS, CANONICAL_EVENT.customer.email!]) {
        expect(text).not.toContain(secret)
      }
    }
    const expected = createEmailHasher([{ kid: 'main', secret: host.secret }])(
      CANONICAL_EVENT.customer.email!,
    )
    const lineHashes = jsonLines(events).map((l) => (l.event as SendEvent1).customer)
    expect(lineHashes).toHaveLength(SAMPLE_NAMES.length)
    for (const customer of lineHashes) expect(customer).toMatchObject({ emailHash: expected })
    const accessHashes = host.logs().filter((l) => l.msg === 'SendEvent1')
    expect(accessHashes.map((l) => l.emailHash)).toEqual(SAMPLE_NAMES.map(() => expected))
  })
})
