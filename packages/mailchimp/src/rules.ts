/**
 * How Mailchimp's answers map to outcomes, one table per operation, in front of core's
 * DEFAULT_RULES. Bodies are problem+json: `{type, title, status, detail, instance, errors?}`.
 * https://mailchimp.com/developer/marketing/docs/errors/ (fixtures: vendors.md §2.3)
 * @module
 */
import type { ClassifyRule, Result } from '@bubblehouse-hooks/core'
import { isOperation, OPERATIONS, type Operation } from './operations'

/** A classification row, plus what `deliver` does before accepting it. */
export interface MailchimpRule extends ClassifyRule {
  /**
   * - `resendWithoutRejectedMergeFields`: resend the member write once without the merge fields
   *   named in `errors[].field`; the second answer is classified normally.
   * - `confirmList`: the 404 may mean the list, not the member: read the list to tell them apart.
   */
  readonly followUp?: 'resendWithoutRejectedMergeFields' | 'confirmList'
  /** Mailchimp sends no Retry-After: the wait to suggest when the answer has none. */
  readonly retryAfterDefaultMs?: number
}

/** Our own backoff hint for throttling, since Mailchimp sends no rate-limit headers (vendors.md §2.5). */
export const THROTTLE_RETRY_MS = 30_000

/** `errors[].field` naming a merge field: `LTV` or `merge_fields.LTV`. */
export const MERGE_FIELD_ERROR = /^(merge_fields\.)?[A-Z][A-Z0-9_]*$/

const INVALID_RESOURCE = 'Invalid Resource'

const isJsonObject = (body: unknown) => body !== null && typeof body === 'object'

/** Rows every operation shares: credentials, throttling, and our own mistakes hold the queue. */
const COMMON_RULES: readonly MailchimpRule[] = [
  {
    code: 'MAILCHIMP_API_KEY_INVALID',
    when: { status: 401 },
    outcome: 'failure',
    reason: 'Mailchimp rejected the API key: check apiKey',
  },
  {
    code: 'MAILCHIMP_WRONG_DATACENTER',
    when: { status: 403, body: { detail: /datacenter/i } },
    outcome: 'failure',
    reason: 'the API key belongs to another data centre: check apiKey and baseUrl',
  },
  {
    code: 'MAILCHIMP_WRONG_DATACENTER',
    when: { status: 403, body: { title: /Wrong Datacenter/i } },
    outcome: 'failure',
    reason: 'the API key belongs to another data centre: check apiKey and baseUrl',
  },
  {
    // "At exceptionally high volumes, you may receive an HTTP 429 or 403 without a JSON body."
    // https://mailchimp.com/developer/marketing/docs/fundamentals/#api-limits
    code: 'MAILCHIMP_THROTTLED',
    when: { status: 403, test: (response) => !isJsonObject(response.body) },
    outcome: 'failure',
    reason: 'Mailchimp throttled the request (403 without a body)',
    retryAfterDefaultMs: THROTTLE_RETRY_MS,
  },
  {
    code: 'MAILCHIMP_FORBIDDEN',
    when: { status: 403 },
    outcome: 'failure',
    reason: 'Mailchimp refused access (Forbidden or User Disabled): check the account of apiKey',
  },
  {
    code: 'MAILCHIMP_TOO_MANY_CONNECTIONS',
    when: { status: 429 },
    outcome: 'failure',
    reason: 'more than 10 simultaneous connections on this API key',
    retryAfter: true,
    retryAfterDefaultMs: THROTTLE_RETRY_MS,
  },
  {
    code: 'MAILCHIMP_TOO_LARGE',
    when: { status: 413 },
    outcome: 'invalid_data',
    reason: 'the event is too large for Mailchimp',
  },
  {
    // Any other 4xx (Invalid Action, JSON Parse Error, 405, 414, …) is about our request's shape,
    // so every event would get it: hold the queue rather than drop the backlog (vendors.md §2.4).
    code: 'MAILCHIMP_UNEXPECTED_4XX',
    when: { status: { min: 400, max: 499 } },
    outcome: 'failure',
    reason: 'unexpected Mailchimp client error: check the connector version and options',
  },
]

/** 400s about this member's data: consent states first, then the email, then merge fields. */
const MEMBER_BODY_RULES: readonly MailchimpRule[] = [
  {
    code: 'MAILCHIMP_COMPLIANCE_STATE',
    when: { status: 400, body: { title: /Member In Compliance State/i } },
    outcome: 'unsubscribed',
    reason: 'the member is in compliance state (unsubscribed, bounced or under review)',
  },
  {
    code: 'MAILCHIMP_FORGOTTEN_EMAIL',
    when: { status: 400, body: { title: /Forgotten Email Not Subscribed/i } },
    outcome: 'unsubscribed',
    reason: 'the email was permanently deleted from the audience; only the person can re-subscribe',
  },
  {
    // Temporary but about this one email: failure would hold the queue for hours.
    code: 'MAILCHIMP_TOO_MANY_SIGNUPS',
    when: {
      status: 400,
      body: { title: INVALID_RESOURCE, detail: /signed up to a lot of lists/i },
    },
    outcome: 'invalid_data',
    reason: 'Mailchimp blocks new signups for this email for now (too many recent signups)',
  },
  {
    code: 'MAILCHIMP_FAKE_EMAIL',
    when: { status: 400, body: { title: INVALID_RESOURCE, detail: /looks fake or invalid/i } },
    outcome: 'invalid_data',
    reason: 'Mailchimp considers the email fake or invalid',
  },
  {
    code: 'MAILCHIMP_INVALID_EMAIL',
    when: { status: 400, body: { title: INVALID_RESOURCE, 'errors.field': 'email_address' } },
    outcome: 'invalid_data',
    reason: 'Mailchimp rejected the email address',
  },
  {
    code: 'MAILCHIMP_INVALID_EMAIL',
    when: {
      status: 400,
      body: {
        title: INVALID_RESOURCE,
        detail: /(username|domain) portion of the email address|must contain a single @/i,
      },
    },
    outcome: 'invalid_data',
    reason: 'Mailchimp rejected the email address',
  },
  {
    code: 'MAILCHIMP_INVALID_MERGE_FIELD',
    when: { status: 400, body: { title: INVALID_RESOURCE, 'errors.field': MERGE_FIELD_ERROR } },
    outcome: 'invalid_data',
    reason: 'Mailchimp rejected a merge field value of this customer',
    followUp: 'resendWithoutRejectedMergeFields',
  },
  {
    code: 'MAILCHIMP_INVALID_MERGE_FIELD',
    when: { status: 400, body: { title: INVALID_RESOURCE, detail: /merge fields were invalid/i } },
    outcome: 'invalid_data',
    reason: 'Mailchimp rejected a merge field value of this customer',
  },
  {
    code: 'MAILCHIMP_INVALID_RESOURCE',
    when: { status: 400, body: { title: INVALID_RESOURCE } },
    outcome: 'invalid_data',
    reason: "Mailchimp rejected this member's data",
  },
  {
    // Only POST /members answers it, which this connector never calls (vendors.md §2.4).
    code: 'MAILCHIMP_MEMBER_EXISTS',
    when: { status: 400, body: { title: /Member Exists/i } },
    outcome: 'invalid_data',
    reason: 'Mailchimp says the member already exists',
  },
]

const LIST_NOT_FOUND: MailchimpRule = {
  code: 'MAILCHIMP_LIST_NOT_FOUND',
  when: { status: 404 },
  outcome: 'failure',
  reason: 'the audience was not found: check listId',
}

/** After a successful member write the member exists, so a 404 is a race: retry. */
const MEMBER_MISSING: MailchimpRule = {
  code: 'MAILCHIMP_MEMBER_MISSING',
  when: { status: 404 },
  outcome: 'failure',
  reason: 'the member was not found right after it was written',
}

/** The rows of each operation, most specific first; core's DEFAULT_RULES follow. */
export const RULES_BY_OPERATION: Readonly<Record<Operation, readonly MailchimpRule[]>> = {
  // PUT creates the member, so its 404 can only be the list.
  [OPERATIONS.setListMember]: [...MEMBER_BODY_RULES, LIST_NOT_FOUND, ...COMMON_RULES],
  [OPERATIONS.updateListMember]: [
    ...MEMBER_BODY_RULES,
    {
      code: 'MAILCHIMP_MEMBER_NOT_FOUND',
      when: { status: 404 },
      outcome: 'skipped',
      reason: 'the customer is not on the audience and createMembers is false',
      followUp: 'confirmList',
    },
    ...COMMON_RULES,
  ],
  [OPERATIONS.updateListMemberTags]: [
    {
      code: 'MAILCHIMP_INVALID_TAG',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected a tag of this customer',
    },
    MEMBER_MISSING,
    ...COMMON_RULES,
  ],
  [OPERATIONS.createListMemberEvent]: [
    {
      code: 'MAILCHIMP_INVALID_EVENT',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected this event (name or properties)',
    },
    MEMBER_MISSING,
    ...COMMON_RULES,
  ],
  [OPERATIONS.getListMergeFields]: [LIST_NOT_FOUND, ...COMMON_RULES],
  [OPERATIONS.addListMergeField]: [
    {
      code: 'MAILCHIMP_INVALID_MERGE_FIELD_SPEC',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected the merge field definition',
    },
    LIST_NOT_FOUND,
    ...COMMON_RULES,
  ],
  [OPERATIONS.getList]: [LIST_NOT_FOUND, ...COMMON_RULES],
  [OPERATIONS.ping]: COMMON_RULES,
}

/** The table of an operation name (a plan carries it as a string). */
export function rulesFor(operation: string): readonly MailchimpRule[] {
  return isOperation(operation) ? RULES_BY_OPERATION[operation] : COMMON_RULES
}

/**
 * A member write that succeeded but shows an opted-out member: report it and send nothing more.
 * The merge fields were still updated. https://mailchimp.com/developer/marketing/api/list-members/
 */
export const MEMBER_STATUS_RESULTS: Readonly<Record<string, Result>> = {
  unsubscribed: {
    outcome: 'unsubscribed',
    code: 'MAILCHIMP_MEMBER_UNSUBSCRIBED',
    reason: 'the member unsubscribed from the audience',
  },
  cleaned: {
    outcome: 'unsubscribed',
    code: 'MAILCHIMP_MEMBER_CLEANED',
    reason: "the member's address bounced and was cleaned from the audience",
  },
}
