/**
 * Klaviyo as the connector sees it (vendors.md §1): `POST /api/events` → 202 with no body,
 * `POST /api/profile-import` → 200 with a JSON:API profile, JSON:API error bodies, 429 with
 * Retry-After. Events are deduplicated on `unique_id` per profile and metric, as Klaviyo does:
 * "If the unique_id is repeated for the same profile and metric, only the first processed event
 * will be recorded" (https://developers.klaviyo.com/en/reference/create_event).
 * @module
 */
import type { RecordedRequest } from '@bubblehouse-hooks/core/testing'
import { str } from './json'
import type { VendorAnswer, VendorModel } from './vendor'

const PROFILE_EMAIL = '/data/attributes/profile/data/attributes/email'

/** vendors.md §1.3, 400 bad identifier (shape documented; code/title representative). */
const invalidEmail = (pointer: string) => ({
  errors: [
    {
      id: '0f3b6d1c-reliability',
      status: 400,
      code: 'invalid',
      title: 'Invalid input.',
      detail: 'Invalid email address',
      source: { pointer },
      links: {},
      meta: {},
    },
  ],
})

/** vendors.md §1.3, 429. */
const THROTTLED = {
  errors: [
    {
      id: 'throttled-reliability',
      status: 429,
      code: 'throttled',
      title: 'Request was throttled.',
      detail: 'Request was throttled. Expected available in 1 second.',
      source: { pointer: '/data/' },
    },
  ],
}

const JSON_API = { 'content-type': 'application/vnd.api+json' }

const notFound: VendorAnswer = {
  reply: {
    status: 404,
    headers: JSON_API,
    body: { errors: [{ status: 404, code: 'not_found', title: 'Not found.' }] },
  },
}

function createEvent(request: RecordedRequest): VendorAnswer {
  const attributes = ['data', 'attributes'] as const
  const email = str(request.body, ...attributes, 'profile', 'data', 'attributes', 'email') ?? ''
  if (email.includes('+kbad')) {
    return { reply: { status: 400, headers: JSON_API, body: invalidEmail(PROFILE_EMAIL) } }
  }
  const uniqueId = str(request.body, ...attributes, 'unique_id')
  const metric = str(request.body, ...attributes, 'metric', 'data', 'attributes', 'name') ?? ''
  return {
    reply: { status: 202 },
    commits: uniqueId
      ? [{ bhid: uniqueId, op: 'event', key: `${email}|${metric}|${uniqueId}`, idempotent: false }]
      : [],
  }
}

function profileImport(request: RecordedRequest): VendorAnswer {
  const email = str(request.body, 'data', 'attributes', 'email') ?? ''
  if (email.includes('+kbad')) {
    return {
      reply: { status: 400, headers: JSON_API, body: invalidEmail('/data/attributes/email') },
    }
  }
  const ref = str(request.body, 'data', 'attributes', 'properties', 'BH_Ref')
  return {
    reply: {
      status: 200,
      headers: JSON_API,
      body: {
        data: {
          type: 'profile',
          id: '01JRELIABILITYPROFILE00000',
          attributes: {},
          links: { self: 'https://a.klaviyo.com/api/profiles/01JRELIABILITYPROFILE00000/' },
        },
      },
    },
    commits: ref ? [{ bhid: ref, op: 'profile', idempotent: true }] : [],
  }
}

/** The Klaviyo model. */
export const klaviyoModel: VendorModel = {
  vendor: 'klaviyo',
  basePath: '',
  answer(request) {
    if (request.method === 'POST' && request.path === '/api/events') return createEvent(request)
    if (request.method === 'POST' && request.path === '/api/profile-import') {
      return profileImport(request)
    }
    return notFound
  },
  serverError: (status) => ({
    status,
    headers: JSON_API,
    body: { errors: [{ status, code: 'server_error', title: 'A server error occurred.' }] },
  }),
  rateLimited: () => ({
    status: 429,
    headers: { ...JSON_API, 'retry-after': '1' },
    body: THROTTLED,
  }),
}
