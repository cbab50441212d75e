/**
 * How Mailchimp's answers map to outcomes, one table per operation, in front of core's
 * DEFAULT_RULES. Bodies are problem+json: `{type, title, status, detail, instance, errors?}`.
 * https://mailchimp.com/developer/marketing/docs/errors/ (fixtures: vendors.md §2.3)
 *
 * The rule (CONTRIBUTING.md): what is about this member or this event is never `failure`. On
 * member-scoped calls a 4xx no row knows falls to core's `HTTP_4XX` (`invalid_data`, counted and
 * warned with the body's `title`); only credentials, the data centre, throttling, 405 and a
 * missing list stay `failure`.
 * @module
 */
import type { ClassifyRule, Result } from '@bubblehouse-hooks/core'
import { isOperation, OPERATIONS, type Operation } from './operations'

/** A classification row, with the wait to suggest when Mailchimp sends none. */
export interface MailchimpRule extends ClassifyRule {
  /** Mailchimp sends no Retry-After: the wait to suggest when the answer has none. */
  readonly retryAfterDefaultMs?: number
}

/** Our own backoff hint for throttling, since Mailchimp sends no rate-limit headers (vendors.md §2.5). */
export const THROTTLE_RETRY_MS = 30_000

/** `errors[].field` naming a merge field: `LTV` or `merge_fields.LTV`. */
export const MERGE_FIELD_ERROR = /^(merge_fields\.)?[A-Z][A-Z0-9_]*$/

const INVALID_RESOURCE = 'Invalid Resource'

const isJsonObject = (body: unknown) => body !== null && typeof body === 'object'

/** Rows every operation shares: credentials, data centre, throttling and 405 hold the queue. */
const ACCOUNT_RULES: readonly MailchimpRule[] = [
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
    // Not about one member: the method of a path we build is wrong for every event.
    code: 'MAILCHIMP_METHOD_NOT_ALLOWED',
    when: { status: 405 },
    outcome: 'failure',
    reason:
      'Mailchimp does not allow this method on the path: check baseUrl and the connector version',
  },
  {
    code: 'MAILCHIMP_TOO_LARGE',
    when: { status: 413 },
    outcome: 'invalid_data',
    reason: 'the event is too large for Mailchimp',
  },
]

/**
 * Calls about the audience or the account (merge fields, the list, ping): any other 4xx is not
 * about one member, so it holds the queue rather than drop the backlog (vendors.md §2.4).
 */
const ACCOUNT_CALL_RULES: readonly MailchimpRule[] = [
  ...ACCOUNT_RULES,
  {
    code: 'MAILCHIMP_UNEXPECTED_4XX',
    when: { status: { min: 400, max: 499 } },
    outcome: 'failure',
    reason:
      'unexpected Mailchimp client error on an audience call: check listId and the connector version',
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
    // deliver resends once without the merge fields named in errors[].field (repair).
    code: 'MAILCHIMP_INVALID_MERGE_FIELD',
    when: { status: 400, body: { title: INVALID_RESOURCE, 'errors.field': MERGE_FIELD_ERROR } },
    outcome: 'invalid_data',
    reason: 'Mailchimp rejected a merge field value of this customer',
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

/**
 * The member write just succeeded on this list, so a 404 on its tags or events is about this
 * member (archived, deleted or merged meanwhile), not the account: a retry would not change it.
 */
const MEMBER_MISSING: MailchimpRule = {
  code: 'MAILCHIMP_MEMBER_MISSING',
  when: { status: 404 },
  outcome: 'invalid_data',
  reason: 'the member was not found right after it was written (archived or deleted meanwhile)',
}

/** The code a PATCH 404 gets; `deliver` then reads the list to tell member from list. */
export const MEMBER_NOT_FOUND = 'MAILCHIMP_MEMBER_NOT_FOUND'

/** The code of a merge-field rejection; `deliver` resends once without the named fields. */
export const INVALID_MERGE_FIELD = 'MAILCHIMP_INVALID_MERGE_FIELD'

/**
 * The rows of each operation, most specific first; core's DEFAULT_RULES follow. Member-scoped
 * tables end with {@link ACCOUNT_RULES}, so an unknown 4xx reaches core's `HTTP_4XX`.
 */
export const RULES_BY_OPERATION: Readonly<Record<Operation, readonly MailchimpRule[]>> = {
  // PUT creates the member, so its 404 can only be the list.
  [OPERATIONS.setListMember]: [...MEMBER_BODY_RULES, LIST_NOT_FOUND, ...ACCOUNT_RULES],
  [OPERATIONS.updateListMember]: [
    ...MEMBER_BODY_RULES,
    {
      code: MEMBER_NOT_FOUND,
      when: { status: 404 },
      outcome: 'skipped',
      reason: 'the customer is not on the audience and createMembers is false',
    },
    ...ACCOUNT_RULES,
  ],
  [OPERATIONS.updateListMemberTags]: [
    {
      code: 'MAILCHIMP_INVALID_TAG',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected a tag of this customer',
    },
    MEMBER_MISSING,
    ...ACCOUNT_RULES,
  ],
  [OPERATIONS.createListMemberEvent]: [
    {
      code: 'MAILCHIMP_INVALID_EVENT',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected this event (name or properties)',
    },
    MEMBER_MISSING,
    ...ACCOUNT_RULES,
  ],
  [OPERATIONS.getListMergeFields]: [LIST_NOT_FOUND, ...ACCOUNT_CALL_RULES],
  [OPERATIONS.addListMergeField]: [
    {
      code: 'MAILCHIMP_INVALID_MERGE_FIELD_SPEC',
      when: { status: 400, body: { title: INVALID_RESOURCE } },
      outcome: 'invalid_data',
      reason: 'Mailchimp rejected the merge field definition',
    },
    LIST_NOT_FOUND,
    ...ACCOUNT_CALL_RULES,
  ],
  [OPERATIONS.getList]: [LIST_NOT_FOUND, ...ACCOUNT_CALL_RULES],
  [OPERATIONS.ping]: ACCOUNT_CALL_RULES,
}

/** The table of an operation name (a plan carries it as a string). */
export function rulesFor(operation: string): readonly MailchimpRule[] {
  return isOperation(operation) ? RULES_BY_OPERATION[operation] : ACCOUNT_CALL_RULES
}

/** A problem+json `title` ("Invalid Action") as a log-safe code (`Invalid_Action`). */
const TITLE = /^[A-Za-z][A-Za-z0-9 ]{0,63}$/

/**
 * The vendor code of a Mailchimp error body, for core's warn line on a 4xx no row knows: the
 * `title` from the error glossary, spaces as `_`. Anything else (a title holding other
 * characters, no title) gives `undefined`, so no value of the body reaches a log.
 * @example
 * mailchimpErrorCode({ title: 'JSON Parse Error', status: 400 }) // 'JSON_Parse_Error'
 */
export function mailchimpErrorCode(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('title' in body)) return undefined
  const title = body.title
  return typeof title === 'string' && TITLE.test(title) ? title.replaceAll(' ', '_') : undefined
}

/**
 * A member write that succeeded but shows a member who gets nothing from an event: report it and
 * send nothing more. The merge fields were still updated; the status never changes (we send only
 * `status_if_new`, which Mailchimp applies to new members only).
 * https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/
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
  // An archived contact stays archived (no `status` is sent) and, per Mailchimp, gets no
  // marketing while archived: an event would start nothing. https://mailchimp.com/help/archive-unarchive-contacts/
  archived: {
    outcome: 'skipped',
    code: 'MAILCHIMP_MEMBER_ARCHIVED',
    reason: 'the member is archived on the audience; the connector never unarchives anyone',
  },
}
