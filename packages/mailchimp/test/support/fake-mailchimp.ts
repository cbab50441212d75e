/**
 * A small Mailchimp on core's fake vendor: an audience whose members can be pre-seeded with any
 * status. It behaves like the real API for the calls this connector makes: PUT creates with
 * `status_if_new` and never changes an existing status, PATCH 404s for an absent member, events
 * 404 for an absent member, unknown lists 404.
 */
import {
  type FakeReply,
  type FakeVendor,
  type RecordedRequest,
  useFakeVendor,
} from '@bubblehouse-hooks/core/testing'
import { beforeEach } from 'vitest'
import { fixture, LIST_ID, MERGE_FIELDS_REPLY, memberBody, problem } from './fixtures'

/** A member of the fake audience. */
export interface FakeMember {
  email: string
  status: string
  mergeFields: Record<string, unknown>
  events: unknown[]
}

const MEMBER = /^\/3\.0\/lists\/([^/]+)\/members\/([0-9a-f]{32})(\/events|\/tags)?$/

const OUR_LIST = new RegExp(`^/3\\.0/lists/${LIST_ID}(/|$)`)

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A stateless healthy Mailchimp, for the conformance suite's `ok`. */
export function okResponder(request: RecordedRequest): FakeReply {
  if (request.path === '/3.0/ping') return { status: 200, body: fixture('200-ping') }
  if (!OUR_LIST.test(request.path)) return problem('404-resource-not-found')
  if (request.path === `/3.0/lists/${LIST_ID}/merge-fields`) return MERGE_FIELDS_REPLY
  const m = MEMBER.exec(request.path)
  if (m?.[3]) return { status: 204 }
  if (m && (request.method === 'PUT' || request.method === 'PATCH')) {
    const body = isRecord(request.body) ? request.body : {}
    const email = typeof body.email_address === 'string' ? body.email_address : 'x@example.com'
    const fields = isRecord(body.merge_fields) ? body.merge_fields : {}
    return { status: 200, body: memberBody('subscribed', email, m[2] ?? '', fields) }
  }
  if (request.path === `/3.0/lists/${LIST_ID}`) return { status: 200, body: fixture('200-list') }
  return problem('404-resource-not-found')
}

/** The fake audience. */
export interface FakeMailchimp {
  readonly vendor: FakeVendor
  /** `<vendor>/3.0`, what the connector's baseUrl is set to. */
  readonly baseUrl: string
  readonly members: Map<string, FakeMember>
}

function answer(members: Map<string, FakeMember>, request: RecordedRequest): FakeReply {
  const m = MEMBER.exec(request.path)
  if (!m) return okResponder(request)
  const hash = m[2] ?? ''
  const member = members.get(hash)
  const body = isRecord(request.body) ? request.body : {}
  const fields = isRecord(body.merge_fields) ? body.merge_fields : {}
  if (m[3] === '/events') {
    if (!member) return problem('404-resource-not-found')
    member.events.push(body)
    return { status: 204 }
  }
  if (m[3] === '/tags') return member ? { status: 204 } : problem('404-resource-not-found')
  if (request.method === 'PATCH') {
    if (!member) return problem('404-resource-not-found')
    Object.assign(member.mergeFields, fields)
  } else if (request.method === 'PUT') {
    if (member) Object.assign(member.mergeFields, fields)
    else {
      const email = typeof body.email_address === 'string' ? body.email_address : ''
      const status = typeof body.status_if_new === 'string' ? body.status_if_new : 'subscribed'
      members.set(hash, { email, status, mergeFields: { ...fields }, events: [] })
    }
  } else {
    return okResponder(request)
  }
  const now = members.get(hash)
  return now
    ? { status: 200, body: memberBody(now.status, now.email, hash, now.mergeFields) }
    : problem('404-resource-not-found')
}

/**
 * The fake audience for the calling test file (core's `useFakeVendor`): started before its tests,
 * closed after them, and emptied before each test (requests, routes, queued replies and members).
 * Read its members inside tests only.
 */
export function useFakeMailchimp(): FakeMailchimp {
  const members = new Map<string, FakeMember>()
  const vendor = useFakeVendor({ defaultReply: (request) => answer(members, request) })
  beforeEach(() => members.clear())
  return {
    vendor,
    get baseUrl() {
      return `${vendor.url}/3.0`
    },
    members,
  }
}
