import { describe, expect, it } from 'vitest'
import {
  type ClassifyRule,
  classifyResponse,
  createClassifier,
  ruleMatches,
  type VendorResponse,
  valuesAtPath,
} from './rules'

const res = (status: number, body: unknown = undefined, headers = {}): VendorResponse => ({
  status,
  headers,
  body,
})
const rule = (when: ClassifyRule['when']): ClassifyRule => ({
  code: 'X',
  when,
  outcome: 'unsubscribed',
  reason: 'x',
})

describe('valuesAtPath', () => {
  const body = {
    title: 'Member In Compliance State',
    errors: [
      { code: 'invalid', source: { pointer: '/data/attributes/email' } },
      { code: 'duplicate', source: { pointer: ['/a', '/b'] } },
    ],
    nested: { list: [[{ id: 1 }], [{ id: 2 }]] },
  }

  it('reads a top-level key', () => {
    expect(valuesAtPath(body, 'title')).toEqual(['Member In Compliance State'])
  })

  it('descends into every element of the arrays it crosses', () => {
    expect(valuesAtPath(body, 'errors.code')).toEqual(['invalid', 'duplicate'])
    expect(valuesAtPath(body, 'errors.source.pointer')).toEqual([
      '/data/attributes/email',
      '/a',
      '/b',
    ])
    expect(valuesAtPath(body, 'nested.list.id')).toEqual([1, 2])
  })

  it('finds nothing on missing paths, primitives and inherited keys', () => {
    expect(valuesAtPath(body, 'errors.nope')).toEqual([])
    expect(valuesAtPath('text body', 'length')).toEqual([])
    expect(valuesAtPath(undefined, 'a')).toEqual([])
    expect(valuesAtPath({}, 'constructor')).toEqual([])
    expect(valuesAtPath({}, '__proto__')).toEqual([])
  })
})

describe('ruleMatches', () => {
  it.each([
    [{ status: 400 }, 400, true],
    [{ status: 400 }, 401, false],
    [{ status: [400, 422] }, 422, true],
    [{ status: [400, 422] }, 409, false],
    [{ status: { min: 400, max: 409 } }, 409, true],
    [{ status: { min: 400, max: 409 } }, 410, false],
    [{}, 999, true],
  ] as const)('status matcher %j on %i → %s', (when, status, expected) => {
    expect(ruleMatches(rule(when), res(status))).toBe(expected)
  })

  it('matches body values by equality or RegExp', () => {
    const body = { errors: [{ code: 'x' }, { code: 'opted_out', status: 409, ok: false }] }
    expect(ruleMatches(rule({ body: { 'errors.code': 'opted_out' } }), res(409, body))).toBe(true)
    expect(ruleMatches(rule({ body: { 'errors.code': /^opted/ } }), res(409, body))).toBe(true)
    expect(ruleMatches(rule({ body: { 'errors.status': 409 } }), res(409, body))).toBe(true)
    expect(ruleMatches(rule({ body: { 'errors.status': /^409$/ } }), res(409, body))).toBe(true)
    expect(ruleMatches(rule({ body: { 'errors.ok': false } }), res(409, body))).toBe(true)
    expect(ruleMatches(rule({ body: { 'errors.code': 'OPTED_OUT' } }), res(409, body))).toBe(false)
    expect(ruleMatches(rule({ body: { 'errors.status': '409' } }), res(409, body))).toBe(false)
  })

  it('never matches a RegExp against objects or booleans', () => {
    expect(ruleMatches(rule({ body: { a: /object/ } }), res(400, { a: { b: 1 } }))).toBe(false)
    expect(ruleMatches(rule({ body: { a: /true/ } }), res(400, { a: true }))).toBe(false)
  })

  it('needs every given part to match', () => {
    const r = rule({ status: 400, body: { title: /Compliance/, detail: /unsubscribed/ } })
    expect(ruleMatches(r, res(400, { title: 'In Compliance', detail: 'was unsubscribed' }))).toBe(
      true,
    )
    expect(ruleMatches(r, res(400, { title: 'In Compliance', detail: 'cleaned' }))).toBe(false)
    expect(ruleMatches(r, res(422, { title: 'In Compliance', detail: 'was unsubscribed' }))).toBe(
      false,
    )
  })

  it('runs the test predicate last', () => {
    const r = rule({
      status: 207,
      test: (response) => JSON.stringify(response.body).includes('err'),
    })
    expect(ruleMatches(r, res(207, { results: [{ err: 1 }] }))).toBe(true)
    expect(ruleMatches(r, res(207, { results: [] }))).toBe(false)
  })

  it('gives the same answer every time for a global RegExp', () => {
    const r = rule({ body: { title: /compliance/gi } })
    const answers = [1, 2, 3, 4].map(() => ruleMatches(r, res(400, { title: 'Compliance' })))
    expect(answers).toEqual([true, true, true, true])
  })
})

describe('classifyResponse', () => {
  const RULES: ClassifyRule[] = [
    {
      code: 'VENDOR_OPTED_OUT',
      when: { status: 400, body: { 'errors.code': 'opted_out' } },
      outcome: 'unsubscribed',
      reason: 'opted out',
    },
    {
      code: 'VENDOR_BUSY',
      when: { status: 400, body: { 'errors.code': 'busy' } },
      outcome: 'failure',
      reason: 'vendor busy',
      retryAfter: true,
    },
    {
      code: 'VENDOR_FIRST',
      when: { status: 400, body: { first: true } },
      outcome: 'skipped',
      reason: 'first wins',
    },
    {
      code: 'VENDOR_SECOND',
      when: { status: 400, body: { first: true } },
      outcome: 'sent',
      reason: 'never reached',
    },
  ]

  it('puts connector rules in front of the defaults', () => {
    expect(classifyResponse(res(400, { errors: [{ code: 'opted_out' }] }), RULES)).toEqual({
      outcome: 'unsubscribed',
      code: 'VENDOR_OPTED_OUT',
      reason: 'opted out',
      vendorStatus: 400,
    })
  })

  it('falls back to the defaults when no connector rule matches', () => {
    expect(classifyResponse(res(400, { errors: [{ code: 'other' }] }), RULES).code).toBe('HTTP_4XX')
  })

  it('takes the first matching rule', () => {
    expect(classifyResponse(res(400, { first: true }), RULES).code).toBe('VENDOR_FIRST')
  })

  it('reads Retry-After for connector rules that ask for it', () => {
    const busy = res(400, { errors: [{ code: 'busy' }] }, { 'retry-after': '2' })
    expect(classifyResponse(busy, RULES)).toMatchObject({ outcome: 'failure', retryAfterMs: 2000 })
  })

  it('tries the headers a rule lists, in order, and takes the first readable one', () => {
    const rules: ClassifyRule[] = [
      {
        code: 'LIMITED',
        when: { status: 429 },
        outcome: 'failure',
        reason: 'limited',
        retryAfter: ['retry-after', 'x-ratelimit-reset'],
      },
    ]
    const hint = (headers: Record<string, string>) =>
      classifyResponse(res(429, undefined, headers), rules).retryAfterMs
    expect(hint({ 'retry-after': '3', 'x-ratelimit-reset': '9' })).toBe(3000)
    expect(hint({ 'x-ratelimit-reset': '9' })).toBe(9000)
    expect(hint({ 'retry-after': 'soon', 'x-ratelimit-reset': '9' })).toBe(9000)
    expect(hint({})).toBeUndefined()
  })

  it('uses the given clock for HTTP-date Retry-After', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')
    const r = classifyResponse(
      res(429, undefined, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }),
      [],
      now,
    )
    expect(r.retryAfterMs).toBe(60_000)
  })

  it('createClassifier binds a table', () => {
    const classify = createClassifier(RULES)
    expect(classify(res(400, { errors: [{ code: 'opted_out' }] })).outcome).toBe('unsubscribed')
    expect(classify(res(204)).outcome).toBe('sent')
  })
})
