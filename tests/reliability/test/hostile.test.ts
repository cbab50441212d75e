/**
 * Scenario 3, hostile input, against core's handler mounted in a plain node:http server (as a
 * developer embedding core does: the node listener, and the Web-standard handler through
 * Readable.toWeb) and against the host CLI:
 * - forged and broken tokens → 401 with a generic JSON body, and no vendor call;
 * - malformed bodies (not JSON, wrong types, 20,000-deep nesting, 5 MB, invalid UTF-8, duplicate
 *   keys, `__proto__` / `constructor` keys) → 200 invalid_data (or the documented answer), never a
 *   5xx, never a crash, no prototype pollution;
 * - slow bodies (a byte a second) cut off by the body timeout, connection freed;
 * - 1,000 concurrent connections served or refused cleanly.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import {
  type ConnectorDefinition,
  createConnector,
  createConnectorEnv,
  createHookHandler,
  createHookToken,
  type HookHandlerOptions,
  type SendEvent1,
} from '@bubblehouse-hooks/core'
import { createNodeListener } from '@bubblehouse-hooks/core/node'
import hubspot from '@bubblehouse-hooks/hubspot'
import klaviyo from '@bubblehouse-hooks/klaviyo'
import mailchimp from '@bubblehouse-hooks/mailchimp'
import segment from '@bubblehouse-hooks/segment'
import { createSqliteStore } from '@bubblehouse-hooks/store-sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { connectorBlocks, connectorTimeouts } from '../src/config'
import { generateEvents, VENDORS, type Vendor } from '../src/events'
import { expectCleanFinish } from '../src/expect'
import { type FakeSet, startFakes } from '../src/fakes'
import {
  deepArray,
  forgedAuthorizations,
  jsonOf,
  type RawAnswer,
  rawRequest,
  slowBody,
} from '../src/hostile'
import { type Listener, mountListener, webListener } from '../src/hosts'
import { MODE } from '../src/mode'
import { rngFor } from '../src/random'
import { recordNote } from '../src/report'
import { Scenario } from '../src/scenario'

const scenario = new Scenario('hostile')

afterAll(() => scenario.dispose())

/** A system under test, and what the checks need to know about it. */
interface HostileTarget {
  readonly url: string
  readonly fakes: FakeSet
  /** Open connections (core mount) or open file descriptors (host process). */
  resources(): Promise<number>
  /**
   * Who answers a 100 KB header: core's verifier (401), or node's header limit, which answers 431
   * and closes the connection (the client, still sending, may only see the reset).
   */
  readonly bigHeader: ReadonlyArray<number | string>
  /** The handler runs in this process: Object.prototype can be inspected directly. */
  readonly inProcess: boolean
}

const DEFINITIONS: Readonly<Record<Vendor, ConnectorDefinition>> = {
  klaviyo,
  mailchimp,
  hubspot,
  segment,
}

/** Connector blocks with `${VAR}` filled in from the scenario's environment. */
function resolvedBlocks(fakes: FakeSet): Record<Vendor, unknown> {
  const text = JSON.stringify(connectorBlocks(fakes.baseUrls, connectorTimeouts(MODE.deadlineMs)))
  return JSON.parse(text.replace(/\$\{(\w+)\}/g, (_, name: string) => scenario.env[name] ?? ''))
}

/** core's handler with the four connectors and SQLite, mounted by `mount`. */
async function coreTarget(
  name: string,
  mount: (options: HookHandlerOptions) => Listener,
): Promise<HostileTarget> {
  const fakes = scenario.track(await startFakes({ name: `hostile-${name}` }))
  const logger = scenario.logs.logger(name)
  const blocks = resolvedBlocks(fakes)
  const connectors = Object.fromEntries(
    VENDORS.map((id) => [
      id,
      createConnector(
        DEFINITIONS[id],
        blocks[id],
        createConnectorEnv({ logger: logger.child({ connector: id }) }),
      ),
    ]),
  )
  const store = createSqliteStore({ path: join(await scenario.dir(), `hostile-${name}.db`) })
  scenario.track(store)
  const listener = mount({
    auth: { keys: [scenario.key] },
    connectors,
    store,
    deadlineMs: MODE.deadlineMs,
    logger,
  })
  // Headers up to 256 KiB reach the handler, so its own limit (8 KiB) is what answers.
  const mounted = scenario.track(await mountListener(listener, { maxHeaderSize: 256 * 1024 }))
  return {
    url: mounted.url,
    fakes,
    resources: () =>
      new Promise((resolve) => mounted.server.getConnections((_, count) => resolve(count))),
    bigHeader: [401],
    inProcess: true,
  }
}

async function hostTarget(): Promise<HostileTarget> {
  const fakes = scenario.track(await startFakes({ name: 'hostile-host' }))
  const host = await scenario.host({
    name: 'hostile',
    store: { sqlite: 'hostile-host.db' },
    baseUrls: fakes.baseUrls,
  })
  return {
    url: host.url,
    fakes,
    resources: async () => readdirSync(`/proc/${host.pid}/fd`).length,
    // node:http refuses headers over 16 KiB itself (431 + close) before the host sees them.
    bigHeader: [401, 431, 'network'],
    inProcess: false,
  }
}

const vendorRequests = (target: HostileTarget) =>
  VENDORS.reduce((n, v) => n + target.fakes.fakes[v].requests(), 0)

let counter = 0
/** A fresh valid event (its own bhid). */
function validEvent(): SendEvent1 {
  counter++
  const [generated] = generateEvents({
    prefix: `hostile-${counter}-`,
    count: 1,
    rng: rngFor(`hostile-${counter}`),
    badRate: 0,
    customerOnlyRate: 0,
  })
  return generated!.event
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function hostileSuite(label: string, setup: () => Promise<HostileTarget>) {
  describe(label, () => {
    let target: HostileTarget
    const headers = async (): Promise<Record<string, string>> => ({
      'content-type': 'application/json',
      authorization: `Bearer ${await createHookToken({ key: scenario.key })}`,
    })
    const sendEvent = async (body: string | Buffer, path = '/hooks/SendEvent1') =>
      rawRequest(`${target.url}${path}`, { headers: await headers(), body })
    const expectOutcome = (answer: RawAnswer, outcome: string, what: string) => {
      expect(answer.status, `${what}: status`).toBe(200)
      expect(jsonOf(answer), `${what}: body`).toEqual({ outcome })
    }

    beforeAll(async () => {
      target = await setup()
    })

    test('control: a valid token and event are delivered', async () => {
      const event = validEvent()
      expectOutcome(await sendEvent(JSON.stringify(event)), 'sent', 'valid event')
      expect(target.fakes.fakes.klaviyo.ledger.of(event.bhid).length).toBe(1)
    })

    test('forged and broken tokens answer 401 with a generic body and reach no vendor', async () => {
      const before = vendorRequests(target)
      const forged = await forgedAuthorizations(scenario.key)
      const answers: Record<string, number | string> = {}
      for (const { name, value } of forged) {
        const event = validEvent()
        const answer = await rawRequest(`${target.url}/hooks/SendEvent1`, {
          headers: {
            'content-type': 'application/json',
            ...(value !== undefined ? { authorization: value } : {}),
          },
          body: JSON.stringify(event),
        })
        answers[name] = answer.status
        const allowed = name === '100 KB header' ? target.bigHeader : [401]
        expect(allowed, `${name}: status ${answer.status}`).toContain(answer.status)
        if (answer.status === 401) {
          expect(jsonOf(answer), `${name}: body`).toEqual({ error: 'unauthorized' })
        }
        expect(target.fakes.fakes.klaviyo.ledger.of(event.bhid), `${name}: vendor call`).toEqual([])
      }
      expect(vendorRequests(target), 'vendor requests during the forged tokens').toBe(before)
      recordNote('hostile', `${label}-tokens`, answers)
    })

    test('malformed bodies answer 200 invalid_data, never a 5xx', async () => {
      const event = validEvent()
      const valid = JSON.stringify(event)
      const cases: Array<[string, string | Buffer]> = [
        ['invalid JSON', valid.slice(0, -5)],
        ['empty body', ''],
        ['null', 'null'],
        ['an array', '[]'],
        ['a string', '"SendEvent1"'],
        ['bhid is a number', JSON.stringify({ ...event, bhid: 42 })],
        ['customer is a string', JSON.stringify({ ...event, customer: 'Zephyrine' })],
        ['time is not RFC 3339', JSON.stringify({ ...event, time: '2024-12-26 18:05:42' })],
        ['bhid of 300 characters', JSON.stringify({ ...event, bhid: 'b'.repeat(300) })],
        ['20,000-deep nesting as the body', deepArray(20_000)],
        [
          'invalid UTF-8',
          Buffer.concat([
            Buffer.from(valid.slice(0, 20)),
            Buffer.from([0xff, 0xfe, 0xc3]),
            Buffer.from(valid.slice(20)),
          ]),
        ],
      ]
      const answers: Record<string, unknown> = {}
      for (const [name, body] of cases) {
        const answer = await sendEvent(body)
        answers[name] = answer.status === 200 ? jsonOf(answer) : answer.status
        expectOutcome(answer, 'invalid_data', name)
      }
      expect(target.fakes.fakes.klaviyo.ledger.of(event.bhid), 'nothing delivered').toEqual([])
      // Hello1 has no outcome: its documented answers are 400 (no magic) and 413 (too large).
      const hello = (body: string) => rawRequest(`${target.url}/hooks/Hello1`, { body })
      const helloHeaders = await headers()
      const bigHello = await rawRequest(`${target.url}/hooks/Hello1`, {
        headers: helloHeaders,
        body: JSON.stringify({ magic: 'x'.repeat(2 * 1024 * 1024) }),
      })
      expect(bigHello.status, 'Hello1 of 2 MB').toBe(413)
      const badHello = await rawRequest(`${target.url}/hooks/Hello1`, {
        headers: helloHeaders,
        body: '{"magic":',
      })
      expect(badHello.status, 'Hello1 not JSON').toBe(400)
      expect((await hello('{}')).status, 'Hello1 without a token').toBe(401)
      recordNote('hostile', `${label}-bodies`, answers)
    })

    test('a 5 MB event answers 200 invalid_data, and the answer reaches the client (10 tries)', async () => {
      // A client that sees a reset instead of the answer retries: the queue is held for the one
      // event the answer was meant to drop.
      const event = validEvent()
      const body = JSON.stringify({ ...event, extra_props: { pad: 'x'.repeat(5 * 1024 * 1024) } })
      const seen: Array<number | string> = []
      for (let i = 0; i < 10; i++) {
        const answer = await sendEvent(body)
        seen.push(
          answer.status === 200
            ? String((jsonOf(answer) as { outcome?: string })?.outcome)
            : answer.status,
        )
      }
      recordNote('hostile', `${label}-5MB`, seen)
      expect(seen, 'answers to a 5 MB SendEvent1').toEqual(Array(10).fill('invalid_data'))
      expect(target.fakes.fakes.klaviyo.ledger.of(event.bhid), 'nothing delivered').toEqual([])
    })

    test('20,000-deep nesting inside an event property answers invalid_data, not failure', async () => {
      // A failure would hold the merchant's whole queue, forever, for this one event.
      const event = validEvent()
      const body = JSON.stringify({ ...event, extra_props: { deep: '__DEEP__' } }).replace(
        '"__DEEP__"',
        deepArray(20_000),
      )
      for (const route of ['/hooks/SendEvent1', ...VENDORS.map((v) => `/hooks/${v}/SendEvent1`)]) {
        expectOutcome(await sendEvent(body, route), 'invalid_data', `deep nesting via ${route}`)
      }
    })

    test('duplicate keys: the last one wins, as JSON.parse reads them', async () => {
      const first = validEvent()
      const last = validEvent()
      const body = JSON.stringify(first).replace('{', `{"bhid":"${last.bhid}",`)
      // JSON.stringify writes bhid first, so the body now holds bhid twice: last, then first.
      expectOutcome(await sendEvent(body), 'sent', 'duplicate keys')
      expect(target.fakes.fakes.klaviyo.ledger.of(first.bhid).length, 'the later bhid').toBe(1)
      expect(target.fakes.fakes.klaviyo.ledger.of(last.bhid), 'the earlier bhid').toEqual([])
    })

    test('__proto__ and constructor keys do not pollute prototypes', async () => {
      const poison =
        '{"__proto__":{"customer_only":true,"polluted":"yes"},"constructor":{"prototype":{"customer_only":true,"polluted":"yes"}}}'
      const event = validEvent()
      const body = JSON.stringify({
        ...event,
        customer: { ...event.customer, __POISON_C__: 1 },
        customer_props: { ...event.customer_props, __POISON_P__: 1 },
        extra_props: { ...event.extra_props, __POISON_E__: 1 },
      })
        .replace(
          '{',
          `{"__proto__":{"customer_only":true,"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},`,
        )
        .replace(/"__POISON_[CPE]__":1/g, poison.slice(1, -1))
      const answer = await sendEvent(body)
      expect(answer.status).toBe(200)
      expect(['sent', 'invalid_data']).toContain((jsonOf(answer) as { outcome?: string })?.outcome)
      if (target.inProcess) {
        expect(
          ({} as Record<string, unknown>).polluted,
          'Object.prototype.polluted',
        ).toBeUndefined()
        expect(({} as Record<string, unknown>).customer_only).toBeUndefined()
      }
      // Had any prototype been polluted, a plain event would now read customer_only: true and
      // Klaviyo would get a profile import instead of an event.
      const plain = validEvent()
      expectOutcome(await sendEvent(JSON.stringify(plain)), 'sent', 'plain event after the poison')
      expect(target.fakes.fakes.klaviyo.ledger.of(plain.bhid).map((c) => c.op)).toEqual(['event'])
    })

    test('slow bodies (a byte a second) are cut off and their connections freed', async () => {
      const before = await target.resources()
      const body = JSON.stringify(validEvent())
      const authorized = await headers()
      const slow = await Promise.all([
        ...Array.from({ length: 20 }, () =>
          slowBody(`${target.url}/hooks/SendEvent1`, {
            headers: authorized,
            body,
            intervalMs: 1000,
          }),
        ),
        // Without a token the body is never read: 401 at once.
        slowBody(`${target.url}/hooks/SendEvent1`, {
          headers: { 'content-type': 'application/json' },
          body,
          intervalMs: 1000,
        }),
      ])
      const unauthenticated = slow.pop()!
      expect(unauthenticated.status, 'slow body without a token').toBe(401)
      expect(unauthenticated.closedBy).toBe('server')
      for (const s of slow) {
        expect(s.status, 'slow body').toBe(408)
        expect(s.closedBy, 'the server closed the connection').toBe('server')
        expect(s.bytesSent).toBeLessThan(body.length)
      }
      // Meanwhile the server serves normally, and nothing stays open afterwards.
      expectOutcome(
        await sendEvent(JSON.stringify(validEvent())),
        'sent',
        'event after slow bodies',
      )
      let after = await target.resources()
      for (let i = 0; i < 50 && after > before; i++) {
        await sleep(100)
        after = await target.resources()
      }
      expect(after, 'connections or file descriptors left open').toBeLessThanOrEqual(before)
      recordNote('hostile', `${label}-slow-bodies`, {
        connections: slow.length + 1,
        maxCutOffMs: Math.round(Math.max(...slow.map((s) => s.closedAfterMs))),
        resourcesBefore: before,
        resourcesAfter: after,
      })
    })

    test(`${MODE.connections} concurrent connections are served or refused cleanly`, async () => {
      const events = Array.from({ length: MODE.connections }, validEvent)
      const authorized = await headers()
      const answers = await Promise.all(
        events.map((event) =>
          rawRequest(`${target.url}/hooks/segment/SendEvent1`, {
            headers: authorized,
            body: JSON.stringify(event),
          }),
        ),
      )
      const tally: Record<string, number> = {}
      for (const answer of answers) {
        const key =
          answer.status === 200
            ? String((jsonOf(answer) as { outcome?: string })?.outcome)
            : String(answer.status)
        tally[key] = (tally[key] ?? 0) + 1
      }
      const sent = answers.flatMap((a, i) =>
        a.status === 200 && (jsonOf(a) as { outcome?: string })?.outcome === 'sent'
          ? [events[i]!]
          : [],
      )
      const tracks = (bhid: string) =>
        target.fakes.fakes.segment.ledger.of(bhid).filter((c) => c.op === 'track').length
      const maxMs = Math.round(Math.max(...answers.map((a) => a.ms)))
      console.log(
        `[hostile] ${label}, ${MODE.connections} connections at once: events ${events.length}, lost ${sent.filter((e) => tracks(e.bhid) === 0).length}, duplicated ${events.filter((e) => tracks(e.bhid) > 1).length}, max answer time ${maxMs} ms`,
      )
      recordNote('hostile', `${label}-connections`, {
        connections: MODE.connections,
        answers: tally,
        maxMs,
      })
      for (const [i, answer] of answers.entries()) {
        // Served: 200 with an outcome (failure included: the queue retries). Refused: the
        // connection failed before any answer, which Bubblehouse retries too.
        if (answer.status === 'network') continue
        expect(answer.status, 'status').toBe(200)
        const outcome = (jsonOf(answer) as { outcome?: string })?.outcome
        expect(['sent', 'failure'], 'outcome').toContain(outcome)
        const delivered = tracks(events[i]!.bhid)
        expect(delivered, 'delivered at most once').toBeLessThanOrEqual(1)
        if (outcome === 'sent') expect(delivered, 'sent and delivered').toBe(1)
      }
      // Still healthy.
      expectOutcome(await sendEvent(JSON.stringify(validEvent())), 'sent', 'event after the flood')
    })
  })
}

describe('scenario 3: hostile input', () => {
  hostileSuite('core node listener', () => coreTarget('core-node', createNodeListener))
  hostileSuite('core Web handler on node:http', () =>
    coreTarget('core-web', (options) => webListener(createHookHandler(options))),
  )
  hostileSuite('host CLI', hostTarget)

  test('no crash; log hygiene: no secret, token, API key, email or name in any log line', () =>
    expectCleanFinish(scenario))
})
