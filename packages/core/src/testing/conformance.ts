/**
 * The conformance suite every connector package runs with one call. It drives the connector over
 * real HTTP against a local fake vendor and checks the blast-radius rules: 2xx → sent; each declared
 * rule's fixture → its outcome; 401, 403, 429 (+ Retry-After), 5xx, a hang past the deadline, a
 * reset, a refused connection and a DNS failure → failure within the deadline; no identity →
 * invalid_data or skipped with no call; a duplicate bhid → no second call; plan() is pure; every
 * vendor answer the connector declares as about one event, customer or field → never failure;
 * close() releases the HTTP client.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { SendEvent1 } from '../contract/send-event1'
import type { ConnectorDefinition } from '../define-connector'
import type { Outcome } from '../outcome'
import { CANONICAL_EVENT } from '../samples'
import {
  closedPort,
  type FakeReply,
  type FakeVendor,
  type Responder,
  startFakeVendor,
} from './fake-vendor'
import { createHarness } from './harness'

/** A connector-specific case: the fake answers `replies` in order (then `ok`), expect `outcome`. */
export interface ConformanceRuleCase {
  /** e.g. `400 invalid email (vendors.md §1.3)`. */
  readonly name: string
  /** What the fake vendor answers, in order (a real vendor body from vendors.md). */
  readonly replies: readonly FakeReply[]
  /** The outcome the connector must give. */
  readonly outcome: Outcome
  /** The expected Result code, when the rule sets one. */
  readonly code?: string
}

/**
 * A vendor answer about this event, this customer or one field (a rejected property, an invalid
 * email, an identity conflict, a value out of range). Whatever the connector makes of it, it must
 * not hold the merchant's queue: the outcome is never `failure`.
 */
export interface EventScopedAnswer {
  /** e.g. `400 INVALID_DATE on one property (HubSpot docs)`. */
  readonly name: string
  /** What the fake vendor answers, in order (then `ok`): the vendor's documented body. */
  readonly replies: readonly FakeReply[]
  /** The event to send; default the suite's event. */
  readonly event?: SendEvent1
}

/** Options of {@link runConformance}. */
export interface ConformanceOptions<S extends z.ZodType> {
  /** The connector under test (the package's default export). */
  readonly definition: ConnectorDefinition<S>
  /** Connector options pointing at `baseUrl` (the fake, a closed port or a `.invalid` host). */
  readonly options: (baseUrl: string) => z.input<S>
  /** How the fake answers a healthy call; default `200 {}`. */
  readonly ok?: Responder
  /** An event the connector sends; default the canonical SendEvent1 example. */
  readonly event?: SendEvent1
  /** An event with no usable identity for this vendor; default: customer `{}`. */
  readonly noIdentityEvent?: SendEvent1
  /** The connector's own rules, each with a real vendor body. */
  readonly rules?: readonly ConformanceRuleCase[]
  /**
   * Every vendor answer the connector knows to be about one event, customer or field, with the
   * vendor's documented body; each must end in anything but `failure`. Required, so no connector
   * forgets the first promise: never hold the queue for one bad event.
   */
  readonly eventScopedAnswers: readonly EventScopedAnswer[]
  /** Deadline for the failure cases; default 1 500 ms. */
  readonly deadlineMs?: number
}

/** Generous bound on "within the deadline": scheduling noise on a busy machine, not a benchmark. */
const SLACK_MS = 2_500

/** The deadline of every case that is not about the deadline. */
const ROOMY_DEADLINE_MS = 20_000

/** Freeze an object graph, so a plan that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

let counter = 0
const freshBhid = () => `conformance-${process.pid}-${Date.now()}-${++counter}`

/**
 * Register the suite (call it at the top level of a test file).
 * @example
 * runConformance({
 *   definition: klaviyo,
 *   options: (baseUrl) => ({ apiKey: 'pk_test', baseUrl }),
 *   ok: { status: 202 },
 *   rules: [{ name: '400 invalid email', replies: [{ status: 400, body: fixture }], outcome: 'invalid_data' }],
 * })
 */
export function runConformance<S extends z.ZodType>(options: ConformanceOptions<S>): void {
  const { definition } = options
  const baseEvent = options.event ?? CANONICAL_EVENT
  const deadlineMs = options.deadlineMs ?? 1_500
  const event = () => ({ ...structuredClone(baseEvent), bhid: freshBhid() })
  let vendor: FakeVendor

  // Cases that expect an answer from the vendor get a roomy deadline, so a loaded CI machine never
  // turns a slow "sent" into a deadline failure; the hang and DNS cases pass the short one.
  const harnessAt = (baseUrl: string) =>
    createHarness(definition, options.options(baseUrl), { deadlineMs: ROOMY_DEADLINE_MS })

  describe(`conformance: ${definition.id}`, () => {
    beforeAll(async () => {
      vendor = await startFakeVendor({ defaultReply: options.ok ?? { status: 200, body: {} } })
    })
    afterAll(async () => {
      await vendor.close()
    })
    const fresh = () => {
      vendor.reset()
      vendor.setDefault(options.ok ?? { status: 200, body: {} })
      return harnessAt(vendor.url)
    }

    it('answers sent when the vendor accepts', async () => {
      const h = fresh()
      const result = await h.run(event())
      expect(result.outcome).toBe('sent')
      expect(vendor.requests.length).toBeGreaterThan(0)
    })

    it('makes no second vendor call for a duplicate bhid', async () => {
      const h = fresh()
      const e = event()
      const first = await h.run(e)
      const calls = vendor.requests.length
      const second = await h.run(e)
      expect(second.outcome).toBe(first.outcome)
      expect(vendor.requests.length).toBe(calls)
    })

    it('never calls the vendor twice for concurrent duplicates', async () => {
      const single = fresh()
      await single.run(event())
      const perEvent = vendor.requests.length
      const h = fresh()
      const ok = options.ok ?? { status: 200, body: {} }
      vendor.setDefault((req) => ({ ...(typeof ok === 'function' ? ok(req) : ok), delayMs: 100 }))
      const e = event()
      const [a, b] = await Promise.all([h.run(e), h.run(e)])
      expect(a.outcome).toBe('sent')
      expect(b.outcome).toBe('sent')
      expect(vendor.requests.length).toBe(perEvent)
    })

    it('plan() is pure: same input, same output, no mutation, no I/O', () => {
      const h = fresh()
      const e = deepFreeze(event())
      const first = h.plan(e)
      const second = h.plan(e)
      expect(second).toEqual(first)
      expect(JSON.parse(JSON.stringify(first))).toEqual(first)
      expect(vendor.requests.length).toBe(0)
    })

    it('answers invalid_data or skipped with no call when the customer has no usable identity', async () => {
      const h = fresh()
      const e = options.noIdentityEvent
        ? { ...structuredClone(options.noIdentityEvent), bhid: freshBhid() }
        : { ...event(), customer: {} }
      const result = await h.run(e)
      expect(['invalid_data', 'skipped']).toContain(result.outcome)
      expect(vendor.requests.length).toBe(0)
    })

    const statusCases: Array<[string, FakeReply]> = [
      ['401', { status: 401, body: { error: 'unauthorized' } }],
      ['403', { status: 403, body: { error: 'forbidden' } }],
      ['500', { status: 500, body: 'Internal Server Error' }],
      ['502', { status: 502, body: 'Bad Gateway' }],
      ['503', { status: 503, body: 'Service Unavailable' }],
    ]
    for (const [name, reply] of statusCases) {
      it(`answers failure on HTTP ${name}`, async () => {
        const h = fresh()
        vendor.setDefault(reply)
        const result = await h.run(event())
        expect(result.outcome).toBe('failure')
        expect(vendor.requests.length).toBeGreaterThan(0)
      })
    }

    it('answers failure with retryAfterMs on 429 + Retry-After', async () => {
      const h = fresh()
      vendor.setDefault({
        status: 429,
        headers: { 'retry-after': '7' },
        body: { error: 'rate limited' },
      })
      const result = await h.run(event())
      expect(result.outcome).toBe('failure')
      expect(result.retryAfterMs).toBe(7000)
    })

    it('answers failure within the deadline when the vendor hangs', async () => {
      const h = fresh()
      vendor.setDefault({ hang: true })
      const started = Date.now()
      const result = await h.run(event(), { deadlineMs })
      expect(result.outcome).toBe('failure')
      expect(Date.now() - started).toBeLessThan(deadlineMs + SLACK_MS)
    })

    it('answers failure when the vendor resets the connection', async () => {
      const h = fresh()
      vendor.setDefault({ reset: true })
      const result = await h.run(event())
      expect(result.outcome).toBe('failure')
    })

    it('answers failure when the connection is refused', async () => {
      const h = harnessAt(`http://127.0.0.1:${await closedPort()}`)
      const result = await h.run(event())
      expect(result.outcome).toBe('failure')
    })

    it('answers failure when the vendor host does not resolve', async () => {
      const h = harnessAt('http://vendor.bubblehouse-hooks.invalid')
      const started = Date.now()
      const result = await h.run(event(), { deadlineMs })
      expect(result.outcome).toBe('failure')
      expect(Date.now() - started).toBeLessThan(deadlineMs + SLACK_MS)
    })

    it('close() closes its HTTP client: later calls fail without reaching the vendor', async () => {
      const h = fresh()
      expect(await h.run(event())).toMatchObject({ outcome: 'sent' })
      expect(h.connector.close, 'the connector has no close()').toBeTypeOf('function')
      await h.connector.close?.()
      vendor.reset()
      expect(await h.run(event())).toMatchObject({ outcome: 'failure' })
      expect(vendor.requests).toHaveLength(0)
    })

    it('declares event-scoped vendor answers', () => {
      expect(options.eventScopedAnswers.length).toBeGreaterThan(0)
    })
    for (const answer of options.eventScopedAnswers) {
      it(`event-scoped answer never holds the queue: ${answer.name}`, async () => {
        const h = fresh()
        vendor.reply(...answer.replies)
        const e = answer.event ? { ...structuredClone(answer.event), bhid: freshBhid() } : event()
        const result = await h.run(e)
        expect(result.outcome, `${result.code}: ${result.reason}`).not.toBe('failure')
        expect(vendor.requests.length).toBeGreaterThan(0)
      })
    }

    for (const rule of options.rules ?? []) {
      it(`rule: ${rule.name} → ${rule.outcome}`, async () => {
        const h = fresh()
        vendor.reply(...rule.replies)
        const result = await h.run(event())
        expect(result.outcome).toBe(rule.outcome)
        if (rule.code !== undefined) expect(result.code).toBe(rule.code)
      })
    }
  })
}
