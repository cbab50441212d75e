// deliver() over the wire with nock: exact method, path (md5 of the lower-cased email), query,
// body and Basic auth, against the default host derived from the key's data centre (-us6).
// Endpoints: https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/
// and https://mailchimp.com/developer/marketing/api/list-member-events/add-event/
import { noopLogger, sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness } from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import mailchimp from '../src/index'
import {
  API_KEY,
  BASIC_AUTH,
  fixture,
  JANE_HASH,
  LIST_ID,
  memberBody,
  PROBLEM_JSON,
} from './support/fixtures'

const HOST = 'https://us6.api.mailchimp.com'
const MERGE_FIELDS_QUERY = {
  count: '1000',
  fields: 'merge_fields.tag,merge_fields.type,total_items',
}
const janeEvent = (bhid: string, name = 'points-earned', overrides = {}) =>
  sampleEvent(name, {
    bhid,
    customer: { email: 'Jane@Example.com', first_name: 'Jane', last_name: 'Doe' },
    ...overrides,
  })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

const mailchimpApi = () => nock(HOST, { reqheaders: { authorization: BASIC_AUTH } })

describe('deliver over HTTP (nock)', () => {
  it('reads merge fields, PUTs the member, POSTs the event → sent', async () => {
    const scope = mailchimpApi()
      .get(`/3.0/lists/${LIST_ID}/merge-fields`)
      .query(MERGE_FIELDS_QUERY)
      .reply(200, fixture('200-merge-fields'))
      .put(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}`, {
        email_address: 'Jane@Example.com',
        status_if_new: 'transactional',
        merge_fields: { BH_POINTS: 500, BH_TIER: 'Gold', FNAME: 'Jane', LNAME: 'Doe' },
      })
      .query({ skip_merge_validation: 'true' })
      .matchHeader('content-type', 'application/json')
      .reply(200, memberBody('subscribed', 'jane@example.com', JANE_HASH))
      .post(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}/events`, {
        name: 'points_earned',
        properties: { BH_Source: 'order', BH_Points: '50', order_id: 'ORDER-789' },
        occurred_at: '2024-12-26T18:05:42.915Z',
      })
      .reply(204)
    const h = createHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID })
    const result = await h.run(janeEvent('n1'))
    expect(result).toEqual({
      outcome: 'sent',
      code: 'HTTP_2XX',
      reason: 'the vendor accepted the request',
      vendorStatus: 204,
    })
    expect(scope.isDone()).toBe(true)
  })

  it('stops after a PUT that shows an unsubscribed member (no event call)', async () => {
    const scope = mailchimpApi()
      .get(`/3.0/lists/${LIST_ID}/merge-fields`)
      .query(true)
      .reply(200, fixture('200-merge-fields'))
      .put(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}`)
      .query(true)
      .reply(200, memberBody('unsubscribed', 'jane@example.com', JANE_HASH))
    const h = createHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID })
    expect(await h.run(janeEvent('n2'))).toMatchObject({
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_MEMBER_UNSUBSCRIBED',
      vendorStatus: 200,
    })
    expect(scope.isDone()).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('sends the tags call with is_syncing between member and event', async () => {
    const scope = mailchimpApi()
      .get(`/3.0/lists/${LIST_ID}/merge-fields`)
      .query(true)
      .reply(200, fixture('200-merge-fields'))
      .put(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}`)
      .query(true)
      .reply(200, memberBody('transactional', 'jane@example.com', JANE_HASH))
      .post(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}/tags`, {
        tags: [
          { name: 'Tier: Platinum', status: 'active' },
          { name: 'Tier: Gold', status: 'inactive' },
        ],
        is_syncing: true,
      })
      .reply(204)
      .post(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}/events`, {
        name: 'tier_reached',
        properties: { BH_Tier: 'Platinum', BH_Reward_Coupon: 'PLAT-10OFF' },
        occurred_at: '2024-12-26T18:05:42.915Z',
      })
      .reply(204)
    const h = createHarness(mailchimp, {
      apiKey: API_KEY,
      listId: LIST_ID,
      tags: [{ prop: 'BH_Tier', prefix: 'Tier: ', values: ['Gold', 'Platinum'] }],
    })
    expect((await h.run(janeEvent('n3', 'tier-reached'))).outcome).toBe('sent')
    expect(scope.isDone()).toBe(true)
  })

  it('classifies a problem+json 400 from the real content type', async () => {
    const scope = mailchimpApi()
      .get(`/3.0/lists/${LIST_ID}/merge-fields`)
      .query(true)
      .reply(200, fixture('200-merge-fields'))
      .put(`/3.0/lists/${LIST_ID}/members/${JANE_HASH}`)
      .query(true)
      .reply(400, JSON.stringify(fixture('400-member-in-compliance-state')), PROBLEM_JSON)
    const h = createHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID })
    expect(await h.run(janeEvent('n4'))).toEqual({
      outcome: 'unsubscribed',
      code: 'MAILCHIMP_COMPLIANCE_STATE',
      reason: 'the member is in compliance state (unsubscribed, bounced or under review)',
      vendorStatus: 400,
    })
    expect(scope.isDone()).toBe(true)
  })

  it('check() pings and reads the list on the data centre of the key', async () => {
    const scope = mailchimpApi()
      .get('/3.0/ping')
      .reply(200, fixture('200-ping'))
      .get(`/3.0/lists/${LIST_ID}`)
      .query({ fields: 'id,name' })
      .reply(200, fixture('200-list'))
      .get(`/3.0/lists/${LIST_ID}/merge-fields`)
      .query(MERGE_FIELDS_QUERY)
      .reply(200, fixture('200-merge-fields'))
    const h = createHarness(mailchimp, { apiKey: API_KEY, listId: LIST_ID })
    const report = await h.connector.check?.({
      signal: AbortSignal.timeout(5000),
      logger: noopLogger,
    })
    expect(report).toEqual({
      ok: true,
      code: 'OK',
      message: 'Mailchimp reachable; audience "Loyalty members" (L1) has every mapped merge field',
    })
    expect(scope.isDone()).toBe(true)
  })
})
