// Members pre-seeded as subscribed / unsubscribed / cleaned / archived / transactional / absent on
// a fake Mailchimp audience: what each event does to them, and that no status ever changes.
// Member statuses: https://mailchimp.com/developer/marketing/api/list-members/
import { sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import mailchimp, { type MailchimpOptionsInput } from '../src/index'
import { useFakeMailchimp } from './support/fake-mailchimp'
import { API_KEY, CUSTOMER_HASH, LIST_ID, problem } from './support/fixtures'

const mc = useFakeMailchimp()

let n = 0
const event = (name = 'points-earned') => sampleEvent(name, { bhid: `m-${++n}` })
const harness = (options: Partial<MailchimpOptionsInput> = {}) =>
  createHarness(mailchimp, {
    apiKey: API_KEY,
    listId: LIST_ID,
    baseUrl: mc.baseUrl,
    ...options,
  })
const seed = (status: string) =>
  mc.members.set(CUSTOMER_HASH, {
    email: 'customer@example.com',
    status,
    mergeFields: { BH_POINTS: 1 },
    events: [],
  })
const calls = () => mc.vendor.requests.map((r) => `${r.method} ${r.path}`)
const MEMBER = `/3.0/lists/${LIST_ID}/members/${CUSTOMER_HASH}`
const MERGE_FIELDS = `GET /3.0/lists/${LIST_ID}/merge-fields`

describe('pre-seeded members', () => {
  for (const status of ['subscribed', 'transactional', 'pending']) {
    it(`${status}: merge fields updated, event sent, status unchanged`, async () => {
      seed(status)
      const result = await harness().run(event())
      expect(result.outcome).toBe('sent')
      expect(calls()).toEqual([MERGE_FIELDS, `PUT ${MEMBER}`, `POST ${MEMBER}/events`])
      const member = mc.members.get(CUSTOMER_HASH)
      expect(member?.status).toBe(status)
      expect(member?.mergeFields).toMatchObject({ BH_POINTS: 500, BH_TIER: 'Gold' })
      expect(member?.events).toHaveLength(1)
    })
  }

  for (const [status, code] of [
    ['unsubscribed', 'MAILCHIMP_MEMBER_UNSUBSCRIBED'],
    ['cleaned', 'MAILCHIMP_MEMBER_CLEANED'],
  ] as const) {
    it(`${status}: answers unsubscribed, sends no event, status unchanged`, async () => {
      seed(status)
      const result = await harness({ statusIfNew: 'subscribed' }).run(event())
      expect(result).toMatchObject({ outcome: 'unsubscribed', code, vendorStatus: 200 })
      expect(calls()).toEqual([MERGE_FIELDS, `PUT ${MEMBER}`])
      expect(mc.members.get(CUSTOMER_HASH)?.status).toBe(status)
      expect(mc.members.get(CUSTOMER_HASH)?.events).toEqual([])
    })
  }

  // status_if_new applies only to an address not yet on the list; an archived contact is on it
  // (GET answers it with status "archived"), so the PUT leaves it archived, and Mailchimp sends an
  // archived contact nothing: https://mailchimp.com/help/archive-unarchive-contacts/
  it('archived: stays archived, answers skipped, sends no tags or event', async () => {
    seed('archived')
    const result = await harness({
      statusIfNew: 'subscribed',
      tags: [{ prop: 'BH_Tier', prefix: 'Tier: ' }],
    }).run(event())
    expect(result).toMatchObject({
      outcome: 'skipped',
      code: 'MAILCHIMP_MEMBER_ARCHIVED',
      vendorStatus: 200,
    })
    expect(calls()).toEqual([MERGE_FIELDS, `PUT ${MEMBER}`])
    expect(mc.vendor.requests[1]?.body).toMatchObject({ status_if_new: 'subscribed' })
    expect(mc.vendor.requests[1]?.raw).not.toMatch(/"status"\s*:/)
    expect(mc.members.get(CUSTOMER_HASH)).toMatchObject({ status: 'archived', events: [] })
  })

  it('absent: created with status_if_new (default transactional), then the event', async () => {
    const result = await harness().run(event())
    expect(result.outcome).toBe('sent')
    expect(mc.members.get(CUSTOMER_HASH)).toMatchObject({
      email: 'customer@example.com',
      status: 'transactional',
      events: [{ name: 'points_earned' }],
    })
  })

  it('absent: statusIfNew pending when the operator chooses it', async () => {
    await harness({ statusIfNew: 'pending' }).run(event())
    expect(mc.members.get(CUSTOMER_HASH)?.status).toBe('pending')
  })

  it('no request ever carries a status field', async () => {
    seed('unsubscribed')
    await harness({ statusIfNew: 'subscribed' }).run(event())
    mc.members.clear()
    await harness({ statusIfNew: 'subscribed' }).run(event('tier-reached'))
    await harness({ createMembers: false }).run(event())
    for (const request of mc.vendor.requests) expect(request.raw).not.toMatch(/"status"\s*:/)
  })

  it('customer_only: the PUT only', async () => {
    seed('subscribed')
    const result = await harness().run(event('customer-only'))
    expect(result.outcome).toBe('sent')
    expect(calls()).toEqual([MERGE_FIELDS, `PUT ${MEMBER}`])
  })

  it('customer_only is a profile update: the event allow / deny lists never skip it', async () => {
    seed('subscribed')
    const denied = harness({ events: { deny: ['Customer Updated'] } })
    expect((await denied.run(event('customer-only'))).outcome).toBe('sent')
    const allowed = harness({ events: { allow: ['Points Earned'] } })
    expect((await allowed.run(event('customer-only'))).outcome).toBe('sent')
    expect(calls().filter((c) => c.startsWith('PUT'))).toEqual([`PUT ${MEMBER}`, `PUT ${MEMBER}`])
  })
})

describe('createMembers: false', () => {
  it('absent member: PATCH 404, the list exists → skipped, nothing created', async () => {
    const result = await harness({ createMembers: false }).run(event())
    expect(result).toMatchObject({ outcome: 'skipped', code: 'MAILCHIMP_MEMBER_NOT_FOUND' })
    expect(calls()).toEqual([MERGE_FIELDS, `PATCH ${MEMBER}`, `GET /3.0/lists/${LIST_ID}`])
    expect(mc.members.size).toBe(0)
  })

  it('a 404 because the list is missing → failure, not skipped', async () => {
    const result = await harness({ createMembers: false, listId: 'nope' }).run(event())
    // The merge-field read already shows the list is missing.
    expect(result).toMatchObject({ outcome: 'failure', code: 'MAILCHIMP_LIST_NOT_FOUND' })
  })

  it('PATCH 404, then the list read 404s → failure (list gone since the cache)', async () => {
    const h = harness({ createMembers: false })
    await h.run(event())
    mc.vendor.reply(problem('404-resource-not-found'), problem('404-resource-not-found'))
    const result = await h.run(event())
    expect(result).toMatchObject({ outcome: 'failure', code: 'MAILCHIMP_LIST_NOT_FOUND' })
    expect(calls().slice(-2)).toEqual([`PATCH ${MEMBER}`, `GET /3.0/lists/${LIST_ID}`])
  })

  it('PATCH 404, then the list read fails (500) → failure: never infer from a failed read', async () => {
    const h = harness({ createMembers: false })
    await h.run(event())
    mc.vendor.reply(problem('404-resource-not-found'), { status: 500, body: 'oops' })
    expect(await h.run(event())).toMatchObject({ outcome: 'failure', code: 'HTTP_5XX' })
  })

  it('existing subscribed member: PATCH then event → sent', async () => {
    seed('subscribed')
    const result = await harness({ createMembers: false }).run(event())
    expect(result.outcome).toBe('sent')
    expect(calls()).toEqual([MERGE_FIELDS, `PATCH ${MEMBER}`, `POST ${MEMBER}/events`])
  })

  it('existing unsubscribed member: PATCH shows it → unsubscribed, no event', async () => {
    seed('unsubscribed')
    const result = await harness({ createMembers: false }).run(event())
    expect(result).toMatchObject({ outcome: 'unsubscribed', code: 'MAILCHIMP_MEMBER_UNSUBSCRIBED' })
    expect(calls()).toEqual([MERGE_FIELDS, `PATCH ${MEMBER}`])
  })
})
