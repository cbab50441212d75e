/**
 * Property-based tests (fast-check): whatever a request holds, the handler never answers 5xx and
 * never reaches a connector without a valid token; any valid event gets one of the five outcomes.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CANONICAL_EVENT,
  combineOutcomes,
  createHookHandler,
  createHookToken,
  Hello1OutputSchema,
  invalidPlan,
  OUTCOMES,
  type Outcome,
  SendEvent1InputSchema,
  SendEvent1OutputSchema,
  skipPlan,
} from '../src/index'
import { KEY, OTHER_SECRET, scripted, token } from './helpers'

const encoder = new TextEncoder()
const bytesOf = (value: unknown) => encoder.encode(JSON.stringify(value))

/** Bodies of every kind: random bytes, random JSON, near-miss events, the canonical one. */
const anyBody = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.json().map((text) => encoder.encode(text)),
  fc.string({ maxLength: 200 }).map((text) => encoder.encode(text)),
  fc
    .record(
      {
        bhid: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        time: fc.oneof(fc.string(), fc.constant('2024-12-26T18:05:42Z')),
        name: fc.oneof(fc.string(), fc.boolean()),
        customer: fc.oneof(fc.object(), fc.string(), fc.constant(null)),
        customer_props: fc.anything(),
        constructor: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map(bytesOf),
  fc.constant(bytesOf(CANONICAL_EVENT)),
  // JSON.parse makes `__proto__` an own key; it must never become a prototype anywhere.
  fc.constantFrom<Record<string, unknown>>(CANONICAL_EVENT, {}, { magic: 'm' }).map((v) => {
    const inner = JSON.stringify(v).slice(1, -1)
    return encoder.encode(`{"__proto__":{"polluted":true}${inner ? `,${inner}` : ''}}`)
  }),
)

const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => n !== 'authorization')
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,80}$/)
const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/)
const path = fc.oneof(
  fc.constantFrom('/hooks/SendEvent1', '/hooks/Hello1', '/hooks/demo/SendEvent1', '/hooks/Hello2'),
  fc.array(segment, { maxLength: 4 }).map((s) => `/${s.join('/')}`),
)
const method = fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE')
const b64url = fc.stringMatching(/^[A-Za-z0-9_-]{0,60}$/)

let valid: string
let forged: string
let unsignedNone: string
beforeAll(async () => {
  valid = await token()
  forged = await createHookToken({ key: { kid: 'main', secret: OTHER_SECRET } })
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  unsignedNone = `${part({ alg: 'none' })}.${part({ iat: 1 })}.`
})

/** Authorization values that are never valid. */
const badAuthorization = () =>
  fc.oneof(
    fc.constant(undefined),
    headerValue,
    fc.tuple(b64url, b64url, b64url).map(([a, b, c]) => `Bearer ${a}.${b}.${c}`),
    fc.constantFrom(
      `Bearer ${forged}`,
      `Bearer ${unsignedNone}`,
      `Bearer ${valid.slice(0, -2)}`,
      'Bearer ',
    ),
  )

function request(
  m: string,
  p: string,
  headers: Record<string, string>,
  body: Uint8Array,
  authorization: string | undefined,
): Request {
  const h = new Headers(headers)
  if (authorization !== undefined) h.set('authorization', authorization)
  return new Request(`http://hooks.test${p}`, { method: m, headers: h, body: new Uint8Array(body) })
}

describe('properties', () => {
  it('without a valid token: never 5xx, never a connector, never a 2xx', async () => {
    const demo = scripted()
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { demo: demo.connector },
    })
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
        anyBody,
        badAuthorization(),
        async (m, p, headers, body, authorization) => {
          const res = await handler(request(m, p, headers, body, authorization))
          expect([401, 404, 405]).toContain(res.status)
          expect(res.headers.get('content-type')).toBe('application/json')
          expect(demo.calls).toEqual({ plan: 0, deliver: 0 })
        },
      ),
      { numRuns: 300 },
    )
  })

  it('with a valid token: never 5xx, only valid events reach a connector, 2xx bodies are valid output', async () => {
    const demo = scripted()
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { demo: demo.connector },
      bodyLimitBytes: 4096,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/hooks/SendEvent1', '/hooks/Hello1', '/hooks/demo/SendEvent1'),
        fc.dictionary(headerName, headerValue, { maxKeys: 5 }),
        anyBody,
        async (p, headers, body) => {
          const before = demo.calls.plan
          const res = await handler(request('POST', p, headers, body, `Bearer ${valid}`))
          expect(res.status).toBeLessThan(500)
          const answer = await res.json()
          if (p.endsWith('SendEvent1')) {
            expect(res.status).toBe(200)
            expect(SendEvent1OutputSchema.safeParse(answer).success).toBe(true)
            let parsed: unknown
            try {
              parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
            } catch {
              parsed = undefined
            }
            const valid = body.byteLength <= 4096 && SendEvent1InputSchema.safeParse(parsed).success
            // A valid event is sent (a repeat is answered from the dedupe store); an invalid one is
            // invalid_data and never reaches the connector.
            expect(answer.outcome).toBe(valid ? 'sent' : 'invalid_data')
            if (!valid) expect(demo.calls.plan).toBe(before)
          } else {
            expect([200, 400]).toContain(res.status)
            if (res.status === 200) expect(Hello1OutputSchema.safeParse(answer).success).toBe(true)
          }
          expect(Object.prototype).not.toHaveProperty('polluted')
        },
      ),
      { numRuns: 300 },
    )
  })

  it('any valid event gets one of the five outcomes, combined as documented', async () => {
    const time = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        mo: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 28 }),
        h: fc.integer({ min: 0, max: 23 }),
        mi: fc.integer({ min: 0, max: 59 }),
        s: fc.integer({ min: 0, max: 60 }),
        frac: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
        off: fc.oneof(
          fc.constantFrom('Z', 'z'),
          fc
            .tuple(
              fc.constantFrom('+', '-'),
              fc.integer({ min: 0, max: 23 }),
              fc.integer({ min: 0, max: 59 }),
            )
            .map(([sign, oh, om]) => `${sign}${pad(oh)}:${pad(om)}`),
        ),
      })
      .map(
        (t) =>
          `${String(t.y).padStart(4, '0')}-${pad(t.mo)}-${pad(t.d)}T${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}${t.frac ? `.${t.frac}` : ''}${t.off}`,
      )
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null))
    const props = fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    })
    const event = fc.record(
      {
        bhid: fc.string({ minLength: 1, maxLength: 256 }),
        time,
        name: fc.string({ maxLength: 40 }),
        customer: fc.record(
          {
            bhid: maybe(fc.string()),
            shopid: maybe(fc.string()),
            email: maybe(fc.string()),
            first_name: maybe(fc.string()),
            last_name: maybe(fc.string()),
            full_name: maybe(fc.string()),
          },
          { requiredKeys: [] },
        ),
        customer_props: maybe(props),
        segment_props: maybe(props),
        extra_props: maybe(props),
        new_user: maybe(fc.boolean()),
        referred_user: maybe(fc.boolean()),
        customer_only: maybe(fc.boolean()),
        unknown_future_field: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['bhid', 'time', 'name', 'customer'] },
    )
    const behaviour = fc.constantFrom(
      ...OUTCOMES,
      'deliver-throws',
      'plan-throws',
      'skip-plan',
      'invalid-plan',
    )
    const expected: Record<string, Outcome> = {
      'deliver-throws': 'failure',
      'plan-throws': 'failure',
      'skip-plan': 'skipped',
      'invalid-plan': 'invalid_data',
    }

    await fc.assert(
      fc.asyncProperty(
        event,
        fc.array(behaviour, { minLength: 1, maxLength: 3 }),
        async (e, behaviours) => {
          const connectors = behaviours.map((b) => {
            const s = scripted(OUTCOMES.includes(b as Outcome) ? (b as Outcome) : 'sent')
            if (b === 'deliver-throws')
              s.deliver = () => Promise.reject(new Error(String(e.customer.email)))
            if (b === 'plan-throws')
              s.plan = () => {
                throw new Error('boom')
              }
            if (b === 'skip-plan') s.plan = () => skipPlan('FILTERED', 'filtered')
            if (b === 'invalid-plan') s.plan = () => invalidPlan('NO_IDENTITY', 'no identity')
            return s
          })
          const handler = createHookHandler({
            auth: { keys: [KEY] },
            connectors: Object.fromEntries(connectors.map((s, i) => [`c${i}`, s.connector])),
          })
          const res = await handler(
            new Request('http://hooks.test/hooks/SendEvent1', {
              method: 'POST',
              headers: { authorization: `Bearer ${valid}` },
              body: JSON.stringify(e),
            }),
          )
          expect(res.status).toBe(200)
          const answer = await res.json()
          expect(SendEvent1OutputSchema.parse(answer)).toEqual(answer)
          const { outcome } = answer
          expect(outcome).toBe(
            combineOutcomes(behaviours.map((b) => expected[b] ?? (b as Outcome))),
          )
        },
      ),
      { numRuns: 200 },
    )
  })
})

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
