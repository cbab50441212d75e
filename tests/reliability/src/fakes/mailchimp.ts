/**
 * Mailchimp Marketing as the connector sees it (vendors.md §2): the audience's merge fields,
 * `PUT …/members/{hash}` → 200 member (status `unsubscribed` for an opted-out member),
 * `POST …/members/{hash}/events` → 204 (404 when the member does not exist), problem+json errors,
 * 429 without Retry-After. Member events have no idempotency key: every commit counts.
 * @module
 */
import type { RecordedRequest } from '@bubblehouse-hooks/core/testing'
import { at, str } from './json'
import type { VendorAnswer, VendorModel } from './vendor'

/** The audience the suite's config names. */
export const MAILCHIMP_LIST_ID = 'rel0list1'

const PROBLEM = { 'content-type': 'application/problem+json; charset=utf-8' }

/** vendors.md §2.3, verbatim: Invalid Resource with a field error. */
const INVALID_EMAIL = {
  type: 'https://mailchimp.com/developer/marketing/docs/errors/',
  title: 'Invalid Resource',
  status: 400,
  detail:
    "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
  instance: 'reliability-instance',
  errors: [{ field: 'email_address', message: 'This value should be a valid email.' }],
}

/** vendors.md §2.3, verbatim. */
const TOO_MANY = {
  type: 'https://mailchimp.com/developer/marketing/docs/errors/',
  title: 'Too Many Requests',
  status: 429,
  detail: 'You have exceeded the limit of 10 simultaneous connections.',
  instance: 'reliability-instance',
}

const NOT_FOUND = {
  type: 'https://mailchimp.com/developer/marketing/docs/errors/',
  title: 'Resource Not Found',
  status: 404,
  detail: 'The requested resource could not be found.',
  instance: 'reliability-instance',
}

const MERGE_FIELDS = ['FNAME', 'LNAME', 'BH_POINTS', 'BH_TIER', 'BH_EXP_PTS', 'BH_EXP_DT', 'BH_REF']

const list = `/3.0/lists/${MAILCHIMP_LIST_ID}`
const MEMBER = new RegExp(`^${list}/members/([^/]+)$`)
const EVENTS = new RegExp(`^${list}/members/([^/]+)/events$`)
const TAGS = new RegExp(`^${list}/members/([^/]+)/tags$`)

/** The Mailchimp model; it remembers which members exist. */
export function createMailchimpModel(): VendorModel {
  const members = new Set<string>()

  function putMember(request: RecordedRequest, hash: string): VendorAnswer {
    const email = str(request.body, 'email_address') ?? ''
    if (email.includes('+mbad')) {
      return { reply: { status: 400, headers: PROBLEM, body: INVALID_EMAIL } }
    }
    members.add(hash)
    const ref = str(request.body, 'merge_fields', 'BH_REF')
    return {
      reply: {
        status: 200,
        body: {
          id: hash,
          email_address: email.toLowerCase(),
          unique_email_id: 'reliability',
          status: email.includes('+munsub') ? 'unsubscribed' : 'transactional',
          merge_fields: at(request.body, 'merge_fields') ?? {},
          list_id: MAILCHIMP_LIST_ID,
        },
      },
      commits: ref ? [{ bhid: ref, op: 'member', idempotent: true }] : [],
    }
  }

  function postEvent(request: RecordedRequest, hash: string): VendorAnswer {
    if (!members.has(hash)) return { reply: { status: 404, headers: PROBLEM, body: NOT_FOUND } }
    const ref = str(request.body, 'properties', 'bh_ref')
    return {
      reply: { status: 204 },
      commits: ref ? [{ bhid: ref, op: 'event', idempotent: false }] : [],
    }
  }

  return {
    vendor: 'mailchimp',
    basePath: '/3.0',
    answer(request) {
      const { method, path } = request
      if (method === 'GET' && path === `${list}/merge-fields`) {
        return {
          reply: {
            status: 200,
            body: {
              merge_fields: MERGE_FIELDS.map((tag) => ({
                tag,
                type: tag === 'BH_POINTS' || tag === 'BH_EXP_PTS' ? 'number' : 'text',
              })),
              total_items: MERGE_FIELDS.length,
            },
          },
        }
      }
      if (method === 'GET' && path === list)
        return { reply: { status: 200, body: { id: MAILCHIMP_LIST_ID } } }
      const member = MEMBER.exec(path)
      if (member && (method === 'PUT' || method === 'PATCH')) return putMember(request, member[1]!)
      const event = EVENTS.exec(path)
      if (event && method === 'POST') return postEvent(request, event[1]!)
      if (TAGS.test(path) && method === 'POST') return { reply: { status: 204 } }
      return { reply: { status: 404, headers: PROBLEM, body: NOT_FOUND } }
    },
    serverError: (status) => ({
      status,
      headers: PROBLEM,
      body: {
        type: 'https://mailchimp.com/developer/marketing/docs/errors/',
        title: 'Internal Server Error',
        status,
        detail: 'An unexpected internal error has occurred.',
        instance: 'reliability-instance',
      },
    }),
    // No Retry-After and no rate-limit headers (vendors.md §2.5).
    rateLimited: () => ({ status: 429, headers: PROBLEM, body: TOO_MANY }),
  }
}
