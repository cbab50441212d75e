// The rules tables, row by row, with the vendor bodies (vendors.md §2.3–2.4,
// https://mailchimp.com/developer/marketing/docs/errors/). Conformance drives most rows over
// HTTP; here each operation's table is checked directly (then core's defaults), with retry hints.
import type { Outcome } from '@bubblehouse-hooks/core'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { createHarness, type FakeReply, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { classify } from '../src/call'
import mailchimp, { RULES_BY_OPERATION } from '../src/index'
import { rulesFor, THROTTLE_RETRY_MS } from '../src/rules'
import { okResponder } from './support/fake-mailchimp'
import { API_KEY, fixture, LIST_ID, PROBLEM_JSON, problem } from './support/fixtures'

type Row = [operation: string, reply: FakeReply, outcome: Outcome, code: string, retry?: number]

const reply = (r: FakeReply) => ({
  status: r.status ?? 200,
  headers: { ...r.headers },
  body: r.body,
  durationMs: 1,
})

/** The verbatim fake-email body with another detail (the other Invalid Resource variants). */
const withDetail = (detail: string): FakeReply => ({
  status: 400,
  headers: PROBLEM_JSON,
  body: { ...fixture('400-invalid-resource-fake-email'), detail },
})

const ROWS: Row[] = [
  [
    'setListMember',
    problem('400-member-in-compliance-state'),
    'unsubscribed',
    'MAILCHIMP_COMPLIANCE_STATE',
  ],
  [
    'setListMember',
    problem('400-forgotten-email-not-subscribed'),
    'unsubscribed',
    'MAILCHIMP_FORGOTTEN_EMAIL',
  ],
  [
    'setListMember',
    problem('400-invalid-resource-too-many-signups'),
    'invalid_data',
    'MAILCHIMP_TOO_MANY_SIGNUPS',
  ],
  [
    'setListMember',
    problem('400-invalid-resource-fake-email'),
    'invalid_data',
    'MAILCHIMP_FAKE_EMAIL',
  ],
  [
    'setListMember',
    problem('400-invalid-resource-email'),
    'invalid_data',
    'MAILCHIMP_INVALID_EMAIL',
  ],
  [
    'setListMember',
    problem('400-invalid-resource-merge-fields'),
    'invalid_data',
    'MAILCHIMP_INVALID_MERGE_FIELD',
  ],
  ['setListMember', problem('400-member-exists'), 'invalid_data', 'MAILCHIMP_MEMBER_EXISTS'],
  [
    'setListMember',
    problem('400-invalid-resource-event'),
    'invalid_data',
    'MAILCHIMP_INVALID_RESOURCE',
  ],
  [
    'setListMember',
    withDetail('Your merge fields were invalid.'),
    'invalid_data',
    'MAILCHIMP_INVALID_MERGE_FIELD',
  ],
  [
    'setListMember',
    withDetail('An email address must contain a single @.'),
    'invalid_data',
    'MAILCHIMP_INVALID_EMAIL',
  ],
  [
    'setListMember',
    withDetail('The domain portion of the email address is invalid (the portion after the @: x)'),
    'invalid_data',
    'MAILCHIMP_INVALID_EMAIL',
  ],
  ['setListMember', problem('404-resource-not-found'), 'failure', 'MAILCHIMP_LIST_NOT_FOUND'],
  ['setListMember', problem('401-api-key-invalid'), 'failure', 'MAILCHIMP_API_KEY_INVALID'],
  ['setListMember', problem('403-wrong-datacenter'), 'failure', 'MAILCHIMP_WRONG_DATACENTER'],
  [
    'setListMember',
    { status: 403, body: { title: 'Wrong Datacenter', status: 403 } },
    'failure',
    'MAILCHIMP_WRONG_DATACENTER',
  ],
  [
    'setListMember',
    { status: 403, body: { title: 'User Disabled', status: 403 } },
    'failure',
    'MAILCHIMP_FORBIDDEN',
  ],
  ['setListMember', { status: 403, body: '' }, 'failure', 'MAILCHIMP_THROTTLED', THROTTLE_RETRY_MS],
  [
    'setListMember',
    problem('429-too-many-requests'),
    'failure',
    'MAILCHIMP_TOO_MANY_CONNECTIONS',
    THROTTLE_RETRY_MS,
  ],
  [
    'setListMember',
    { ...problem('429-too-many-requests'), headers: { 'retry-after': '7' } },
    'failure',
    'MAILCHIMP_TOO_MANY_CONNECTIONS',
    7000,
  ],
  ['setListMember', problem('405-method-not-allowed'), 'failure', 'MAILCHIMP_METHOD_NOT_ALLOWED'],
  // Rule 2: an unknown 4xx on a member-scoped call is about this member: core's HTTP_4XX row.
  ['setListMember', problem('400-invalid-action'), 'invalid_data', 'HTTP_4XX'],
  [
    'setListMember',
    { status: 414, body: { title: 'Resource Nesting Too Deep' } },
    'invalid_data',
    'HTTP_4XX',
  ],
  ['updateListMember', problem('400-invalid-action'), 'invalid_data', 'HTTP_4XX'],
  ['updateListMemberTags', problem('400-invalid-action'), 'invalid_data', 'HTTP_4XX'],
  ['createListMemberEvent', problem('400-invalid-action'), 'invalid_data', 'HTTP_4XX'],
  [
    'createListMemberEvent',
    problem('405-method-not-allowed'),
    'failure',
    'MAILCHIMP_METHOD_NOT_ALLOWED',
  ],
  [
    'createListMemberEvent',
    problem('403-wrong-datacenter'),
    'failure',
    'MAILCHIMP_WRONG_DATACENTER',
  ],
  ['setListMember', { status: 413, body: '' }, 'invalid_data', 'MAILCHIMP_TOO_LARGE'],
  ['setListMember', { status: 503, body: 'Service Unavailable' }, 'failure', 'HTTP_5XX'],
  ['setListMember', { status: 200, body: {} }, 'sent', 'HTTP_2XX'],
  ['updateListMember', problem('404-resource-not-found'), 'skipped', 'MAILCHIMP_MEMBER_NOT_FOUND'],
  [
    'updateListMember',
    problem('400-member-in-compliance-state'),
    'unsubscribed',
    'MAILCHIMP_COMPLIANCE_STATE',
  ],
  [
    'updateListMemberTags',
    problem('400-invalid-resource-event'),
    'invalid_data',
    'MAILCHIMP_INVALID_TAG',
  ],
  [
    'updateListMemberTags',
    problem('404-resource-not-found'),
    'invalid_data',
    'MAILCHIMP_MEMBER_MISSING',
  ],
  [
    'createListMemberEvent',
    problem('400-invalid-resource-event'),
    'invalid_data',
    'MAILCHIMP_INVALID_EVENT',
  ],
  [
    'createListMemberEvent',
    problem('404-resource-not-found'),
    'invalid_data',
    'MAILCHIMP_MEMBER_MISSING',
  ],
  ['createListMemberEvent', problem('401-api-key-invalid'), 'failure', 'MAILCHIMP_API_KEY_INVALID'],
  ['getListMergeFields', problem('404-resource-not-found'), 'failure', 'MAILCHIMP_LIST_NOT_FOUND'],
  ['getList', problem('404-resource-not-found'), 'failure', 'MAILCHIMP_LIST_NOT_FOUND'],
  [
    'addListMergeField',
    problem('400-invalid-resource-event'),
    'invalid_data',
    'MAILCHIMP_INVALID_MERGE_FIELD_SPEC',
  ],
  ['ping', problem('401-api-key-invalid'), 'failure', 'MAILCHIMP_API_KEY_INVALID'],
  // Audience and account calls: an unknown 4xx is not about one member, so it holds the queue.
  ['getListMergeFields', problem('400-invalid-action'), 'failure', 'MAILCHIMP_UNEXPECTED_4XX'],
  ['getList', problem('400-invalid-action'), 'failure', 'MAILCHIMP_UNEXPECTED_4XX'],
  ['unknownOperation', problem('404-resource-not-found'), 'failure', 'MAILCHIMP_UNEXPECTED_4XX'],
]

describe('rules tables', () => {
  it.each(ROWS)('%s %o → %s %s', (operation, r, outcome, code, retry) => {
    const result = classify(reply(r), rulesFor(operation), Date.now())
    expect(result).toMatchObject({ outcome, code, vendorStatus: r.status ?? 200 })
    expect(result.retryAfterMs).toBe(retry)
    expect(result.reason).not.toMatch(/@/)
  })

  it('every code of every table has a row above', () => {
    const tested = new Set(ROWS.map(([op, r]) => classify(reply(r), rulesFor(op), 0).code))
    const codes = Object.values(RULES_BY_OPERATION).flatMap((rules) => rules.map((r) => r.code))
    expect(codes.filter((code) => !tested.has(code))).toEqual([])
  })
})

describe('rules over HTTP', () => {
  it('a rejected tag stops before the event → invalid_data', async () => {
    const vendor = await startFakeVendor({ defaultReply: okResponder })
    try {
      vendor.route('POST', /\/tags$/, problem('400-invalid-resource-event'))
      const h = createHarness(mailchimp, {
        apiKey: API_KEY,
        listId: LIST_ID,
        baseUrl: `${vendor.url}/3.0`,
        tags: [{ prop: 'BH_Tier' }],
      })
      expect(await h.run(sampleEvent('tier-reached'))).toMatchObject({
        outcome: 'invalid_data',
        code: 'MAILCHIMP_INVALID_TAG',
      })
      expect(vendor.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'POST'])
    } finally {
      await vendor.close()
    }
  })
})
