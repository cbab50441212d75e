// The merge-field cache (TTL, one shared read, failed reads not cached), drop-unknown (core's
// bh_fields_dropped_total and one warn line naming the tags), coercion to the audience's types,
// and the "Invalid Resource" resend-once repair. https://mailchimp.com/developer/marketing/docs/merge-fields/
import { sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness, recordingLogger, recordingMetrics } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import mailchimp, { type MailchimpOptionsInput } from '../src/index'
import { useFakeMailchimp } from './support/fake-mailchimp'
import {
  API_KEY,
  CUSTOMER_HASH,
  fixture,
  LIST_ID,
  MERGE_FIELDS_REPLY,
  memberBody,
  problem,
} from './support/fixtures'

const mc = useFakeMailchimp()

let n = 0
const event = (overrides = {}) => sampleEvent('points-earned', { bhid: `mf-${++n}`, ...overrides })
const MERGE_FIELDS_PATH = `/3.0/lists/${LIST_ID}/merge-fields`
const MEMBER_PATH = `/3.0/lists/${LIST_ID}/members/${CUSTOMER_HASH}`
const reads = () => mc.vendor.requests.filter((r) => r.path === MERGE_FIELDS_PATH).length
const puts = () => mc.vendor.requests.filter((r) => r.method === 'PUT')

function setup(options: Partial<MailchimpOptionsInput> = {}) {
  let clock = 1_000_000
  const logger = recordingLogger()
  const metrics = recordingMetrics()
  const h = createHarness(
    mailchimp,
    { apiKey: API_KEY, listId: LIST_ID, baseUrl: mc.baseUrl, ...options },
    { logger, metrics, now: () => clock },
  )
  return {
    h,
    logger,
    metrics,
    advance: (ms: number) => {
      clock += ms
    },
  }
}

/** An audience that has only these tags. */
const audience = (fields: Array<[string, string]>) =>
  mc.vendor.route('GET', MERGE_FIELDS_PATH, {
    status: 200,
    body: {
      merge_fields: fields.map(([tag, type]) => ({ tag, type })),
      total_items: fields.length,
    },
  })

describe('merge-field cache', () => {
  it('reads the merge fields once per TTL, with count=1000', async () => {
    const { h, advance } = setup({ mergeFieldsTtlMs: 60_000 })
    await h.run(event())
    await h.run(event())
    expect(reads()).toBe(1)
    expect(mc.vendor.requests[0]?.url).toBe(
      `${MERGE_FIELDS_PATH}?count=1000&fields=merge_fields.tag%2Cmerge_fields.type%2Ctotal_items`,
    )
    advance(59_999)
    await h.run(event())
    expect(reads()).toBe(1)
    advance(1)
    await h.run(event())
    expect(reads()).toBe(2)
  })

  it('TTL 0 reads for every event', async () => {
    const { h } = setup({ mergeFieldsTtlMs: 0 })
    await h.run(event())
    await h.run(event())
    expect(reads()).toBe(2)
  })

  it('concurrent events on a cold cache share one read', async () => {
    const { h } = setup()
    mc.vendor.route('GET', MERGE_FIELDS_PATH, { ...MERGE_FIELDS_REPLY, delayMs: 50 })
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => h.run(event())))
    expect(results.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
    expect(reads()).toBe(1)
  })

  it('a failed read answers failure, sends no PUT, and is not cached', async () => {
    const { h } = setup()
    mc.vendor.reply({ status: 503, body: 'Service Unavailable' })
    expect(await h.run(event())).toMatchObject({ outcome: 'failure', code: 'HTTP_5XX' })
    expect(puts()).toHaveLength(0)
    expect((await h.run(event())).outcome).toBe('sent')
    expect(reads()).toBe(2)
  })

  it('a 2xx read without merge_fields is a failure, not an empty audience', async () => {
    const { h } = setup()
    mc.vendor.reply({ status: 200, body: {} })
    expect(await h.run(event())).toMatchObject({
      outcome: 'failure',
      code: 'MAILCHIMP_UNEXPECTED_BODY',
    })
    expect(puts()).toHaveLength(0)
  })
})

describe('unknown merge tags', () => {
  it('are dropped, counted per event as unknown_property, and named in a warn line, without PII', async () => {
    audience([
      ['FNAME', 'text'],
      ['BH_POINTS', 'number'],
    ])
    const { h, logger, metrics } = setup()
    for (let i = 0; i < 3; i++) expect((await h.run(event())).outcome).toBe('sent')
    for (const put of puts()) {
      expect(put.body).toEqual({
        email_address: 'customer@example.com',
        status_if_new: 'transactional',
        merge_fields: { BH_POINTS: 500, FNAME: 'Jane' },
      })
    }
    expect(metrics.fieldDrops).toEqual([
      ['unknown_property', 2],
      ['unknown_property', 2],
      ['unknown_property', 2],
    ])
    expect(metrics.counts).toEqual([])
    const warnings = logger.lines.filter((l) => l.level === 'warn')
    expect(warnings.map((w) => w.obj)).toEqual(
      [1, 2, 3].map(() => ({
        connector: 'mailchimp',
        reason: 'unknown_property',
        fields: ['BH_TIER', 'LNAME'],
        count: 2,
      })),
    )
    const logged = JSON.stringify(logger.lines)
    expect(logged).not.toContain('customer@example.com')
    expect(logged).not.toContain('Jane')
    expect(logged).not.toContain('Doe')
  })

  it('values are coerced to the type the audience has', async () => {
    audience([
      ['BH_POINTS', 'text'],
      ['BH_TIER', 'text'],
      ['FNAME', 'text'],
      ['LNAME', 'text'],
    ])
    const { h } = setup()
    await h.run(event({ customer_props: { BH_Points_Balance: 500, BH_Tier: 7 } }))
    expect(puts()[0]?.body).toMatchObject({ merge_fields: { BH_POINTS: '500', BH_TIER: '7' } })
    mc.vendor.reset()
    const { h: h2 } = setup()
    await h2.run(event({ customer_props: { BH_Points_Balance: '0500', BH_Tier: 7 } }))
    expect(puts()[0]?.body).toMatchObject({ merge_fields: { BH_POINTS: 500, BH_TIER: '7' } })
  })
})

describe('"Invalid Resource" for a merge field: resend once without it', () => {
  const rejects = (field: string) => ({
    ...problem('400-invalid-resource-merge-fields'),
    body: {
      ...fixture('400-invalid-resource-merge-fields'),
      errors: [{ field, message: 'Please enter a number' }],
    },
  })

  it('resends without the named field → sent, counted as invalid_value and named in a warning', async () => {
    const { h, metrics, logger } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, rejects('BH_POINTS'))
    expect((await h.run(event())).outcome).toBe('sent')
    expect(puts().map((p) => p.body)).toEqual([
      {
        email_address: 'customer@example.com',
        status_if_new: 'transactional',
        merge_fields: { BH_POINTS: 500, BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' },
      },
      {
        email_address: 'customer@example.com',
        status_if_new: 'transactional',
        merge_fields: { BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' },
      },
    ])
    expect(mc.vendor.requests.at(-1)?.path).toBe(`${MEMBER_PATH}/events`)
    expect(metrics.fieldDrops).toEqual([['invalid_value', 1]])
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([
      { connector: 'mailchimp', reason: 'invalid_value', fields: ['BH_POINTS'], count: 1 },
    ])
  })

  it('understands merge_fields.TAG too', async () => {
    const { h } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, rejects('merge_fields.BH_TIER'))
    expect((await h.run(event())).outcome).toBe('sent')
    expect(puts()[1]?.body).toMatchObject({ merge_fields: { BH_POINTS: 500, FNAME: 'Jane' } })
    expect(puts()[1]?.raw).not.toContain('BH_TIER')
  })

  it('a repaired member write that ends the plan answers under the repair code', async () => {
    const { h } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, rejects('BH_TIER'))
    expect(await h.run(sampleEvent('customer-only', { bhid: `mf-${++n}` }))).toMatchObject({
      outcome: 'sent',
      code: 'MAILCHIMP_SENT_WITHOUT_MERGE_FIELDS',
      vendorStatus: 200,
    })
    expect(puts()).toHaveLength(2)
    expect(puts()[1]?.raw).not.toContain('BH_TIER')
  })

  it('only once: a second rejection → invalid_data, no event', async () => {
    const { h } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, rejects('BH_POINTS'), rejects('BH_TIER'))
    expect(await h.run(event())).toMatchObject({
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_MERGE_FIELD',
      vendorStatus: 400,
    })
    expect(puts()).toHaveLength(2)
    expect(mc.vendor.requests.some((r) => r.path.endsWith('/events'))).toBe(false)
  })

  it('no resend when the named field is not one we sent (the verbatim LTV body)', async () => {
    const { h } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, problem('400-invalid-resource-merge-fields'))
    expect(await h.run(event())).toMatchObject({
      outcome: 'invalid_data',
      code: 'MAILCHIMP_INVALID_MERGE_FIELD',
    })
    expect(puts()).toHaveLength(1)
  })

  it('a resend that meets another answer is classified by it (e.g. compliance state)', async () => {
    const { h } = setup()
    mc.vendor.reply(
      MERGE_FIELDS_REPLY,
      rejects('BH_POINTS'),
      problem('400-member-in-compliance-state'),
    )
    expect(await h.run(event())).toMatchObject({
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_COMPLIANCE_STATE',
    })
  })

  it('the resent write still stops at an unsubscribed member', async () => {
    const { h } = setup()
    mc.vendor.reply(MERGE_FIELDS_REPLY, rejects('BH_POINTS'), {
      status: 200,
      body: memberBody('cleaned', 'customer@example.com', CUSTOMER_HASH),
    })
    expect(await h.run(event())).toMatchObject({
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_MEMBER_CLEANED',
    })
    expect(mc.vendor.requests).toHaveLength(3)
  })
})
