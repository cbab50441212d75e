/**
 * HubSpot as the connector sees it (vendors.md §3): the contact property list, contact
 * `batch/upsert` → 200 COMPLETE (an idempotent write), custom behavioural events
 * `POST /events/v3/send` → 204, error bodies with `category`, 429 with a `policyName` body and
 * `X-HubSpot-RateLimit-*` headers instead of Retry-After. Whether HubSpot deduplicates events on
 * `uuid` is unverified (vendors.md §3.2), so this fake does not: every event commit counts.
 * @module
 */
import type { RecordedRequest } from '@bubblehouse-hooks/core/testing'
import { arr, str } from './json'
import type { VendorAnswer, VendorModel } from './vendor'

/** The properties the fake portal has: HubSpot defaults, the connector's, and the suite's ref. */
export const HUBSPOT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'bubblehouse_points_balance',
  'bubblehouse_tier',
  'bubblehouse_last_event',
  'bubblehouse_last_event_at',
  'bubblehouse_points_next_expiration_amount',
  'bubblehouse_points_next_expiration_date',
  'bubblehouse_ref',
]

/** vendors.md §3.3, verbatim (400 invalid email). */
const INVALID_EMAIL = {
  status: 'error',
  message:
    'Property values were not valid: [{"isValid":false,"message":"Email address not-an-email is invalid","error":"INVALID_EMAIL","name":"email"}]',
  correlationId: 'reliability',
  category: 'VALIDATION_ERROR',
}

/** vendors.md §3.3, verbatim (429). */
const RATE_LIMIT = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: 'reliability',
  policyName: 'TEN_SECONDLY_ROLLING',
  groupName: 'publicapi:private-app:burst:1234',
}

const NOT_FOUND = {
  status: 'error',
  message: 'resource not found',
  correlationId: 'reliability',
  category: 'OBJECT_NOT_FOUND',
}

const NOW = '2026-01-01T00:00:00.000Z'

function upsert(request: RecordedRequest): VendorAnswer {
  const input = arr(request.body, 'inputs')[0]
  const email = str(input, 'id') ?? ''
  if (email.includes('+hbad')) return { reply: { status: 400, body: INVALID_EMAIL } }
  const ref = str(input, 'properties', 'bubblehouse_ref')
  return {
    reply: {
      status: 200,
      body: {
        status: 'COMPLETE',
        results: [
          {
            id: '501',
            new: false,
            properties: {},
            createdAt: NOW,
            updatedAt: NOW,
            archived: false,
          },
        ],
        startedAt: NOW,
        completedAt: NOW,
      },
    },
    commits: ref ? [{ bhid: ref, op: 'contact', idempotent: true }] : [],
  }
}

function sendEvent(request: RecordedRequest): VendorAnswer {
  const uuid = str(request.body, 'uuid')
  return {
    reply: { status: 204 },
    commits: uuid ? [{ bhid: uuid, op: 'event', idempotent: false }] : [],
  }
}

/** The HubSpot model. */
export const hubspotModel: VendorModel = {
  vendor: 'hubspot',
  basePath: '',
  answer(request) {
    const { method, path } = request
    if (method === 'GET' && path === '/crm/v3/properties/contacts') {
      return {
        reply: {
          status: 200,
          body: {
            results: HUBSPOT_PROPERTIES.map((name) => ({
              name,
              label: name,
              type: 'string',
              fieldType: 'text',
              groupName: name.startsWith('bubblehouse_') ? 'bubblehouse' : 'contactinformation',
              hidden: false,
              archived: false,
            })),
          },
        },
      }
    }
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/upsert')
      return upsert(request)
    if (method === 'POST' && path === '/events/v3/send') return sendEvent(request)
    return { reply: { status: 404, body: NOT_FOUND } }
  },
  serverError: (status) => ({
    status,
    body: {
      status: 'error',
      message: 'internal error',
      correlationId: 'reliability',
      category: 'INTERNAL_ERROR',
    },
  }),
  rateLimited: () => ({
    status: 429,
    headers: {
      'x-hubspot-ratelimit-max': '100',
      'x-hubspot-ratelimit-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
    },
    body: RATE_LIMIT,
  }),
}
