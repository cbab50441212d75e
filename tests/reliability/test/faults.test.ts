/**
 * Scenario 1, vendor faults: per connector (`/hooks/:connector/SendEvent1`) and for all four
 * behind the fan-out URL (`/hooks/SendEvent1`), events go through the host CLI whose fake vendors
 * fault 10 % of requests (5xx, 429, resets, hangs past the deadline, refused connections, answers
 * lost after the vendor committed). Every event must end terminal with the outcome it was built
 * for, reach each vendor exactly once (by bhid, or by the vendor's idempotency key), in queue
 * order, with every answer inside the deadline. Plus: a bad event never holds the queue, and a
 * DNS failure holds it (failure, nothing sent) until DNS answers again.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { VENDORS } from '../src/events'
import { expectCleanFinish, expectPromisesKept } from '../src/expect'
import { startFakes } from '../src/fakes'
import type { ChildHost } from '../src/hosts'
import { MODE, SOAK } from '../src/mode'
import { rngFor, SEED } from '../src/random'
import { record } from '../src/report'
import { allQueues, analyseGroups, queueGroups, Scenario } from '../src/scenario'
import { createSimulator } from '../src/simulator'

const scenario = new Scenario('faults')

afterAll(() => scenario.dispose())

describe('scenario 1: vendor faults', () => {
  test(`${MODE.faultEvents} events per connector and through the fan-out, ${MODE.faultRate * 100} % of vendor requests faulted`, async () => {
    const fakes = scenario.track(await startFakes({ name: 'faults', faultRate: MODE.faultRate }))
    const host = await scenario.host({
      name: 'faults',
      store: { sqlite: 'faults.db' },
      baseUrls: fakes.baseUrls,
    })
    const groups = queueGroups({
      name: 'flt',
      target: () => host,
      count: MODE.faultEvents,
      queues: MODE.faultQueues,
      badRate: MODE.badRate,
    })
    const simulator = createSimulator({
      key: scenario.key,
      rng: rngFor('faults/simulator'),
      attemptTimeoutMs: MODE.attemptTimeoutMs,
      duplicateRate: MODE.duplicateRate,
      concurrentDuplicateRate: MODE.concurrentDuplicateRate,
    })
    const results = await simulator.run(allQueues(groups), SOAK ? 60_000 : undefined)
    simulator.close()

    const faults = Object.fromEntries(
      VENDORS.map((v) => [
        v,
        { requests: fakes.fakes[v].requests(), ...fakes.fakes[v].faults.counts },
      ]),
    )
    const figures = analyseGroups({
      scenario: 'faults',
      groups,
      results,
      fakes,
      notes: (target) => (target === 'fan-out' ? { seed: SEED, faults } : {}),
    })
    for (const f of figures) record(f)
    for (const f of figures) expectPromisesKept(f, MODE)
    // The window is exactly "the vendor committed and its answer never arrived": every duplicate
    // write inside it follows an answer the fake dropped, or a connection that closed (the gate's
    // refusal, a connector's timeout) with the answer still on its way. One with neither cause
    // would be a duplicate of our own making.
    for (const f of figures) {
      for (const v of f.vendors) {
        expect(
          v.otherCauses,
          `${f.target}: ${v.vendor} duplicates with no lost or cut answer`,
        ).toEqual([])
        expect(v.otherCause, `${f.target}: ${v.vendor} duplicates with no lost or cut answer`).toBe(
          0,
        )
      }
    }
    // The faults really happened: about the configured share of requests.
    for (const vendor of VENDORS) {
      const fake = fakes.fakes[vendor]
      expect(fake.faults.total(), `${vendor} faults`).toBeGreaterThan(
        fake.requests() * MODE.faultRate * 0.6,
      )
    }
  })

  test('a bad event never holds the queue: every event is answered terminal on its first attempt', async () => {
    const fakes = scenario.track(await startFakes({ name: 'bad-events' }))
    // A long deadline: this test is about classification, not speed, so a stall of the
    // machine must not turn an answer into a timeout `failure`.
    const host = await scenario.host({
      name: 'bad-events',
      store: { sqlite: 'bad-events.db' },
      baseUrls: fakes.baseUrls,
      deadlineMs: 10_000,
    })
    const groups = queueGroups({
      name: 'bad',
      target: () => host,
      count: 120,
      queues: 1,
      badRate: 0.3,
    })
    const simulator = createSimulator({
      key: scenario.key,
      rng: rngFor('bad-events/simulator'),
      attemptTimeoutMs: MODE.attemptTimeoutMs,
    })
    const all = allQueues(groups)
    const results = await simulator.run(all)
    simulator.close()
    for (const f of analyseGroups({ scenario: 'bad-events', groups, results, fakes })) {
      record(f)
      expectPromisesKept(f, MODE)
    }
    const held = results.flatMap((r) => r.events.filter((e) => e.attempts !== 1))
    const bad = all.flatMap((q) => q.events.filter((e) => e.marker !== undefined))
    expect(bad.length, 'bad events sent').toBeGreaterThan(100)
    expect(held, 'events that needed more than one attempt').toEqual([])
  })

  test('a DNS failure holds the queue (failure, nothing sent) until DNS answers again', async () => {
    const fakes = scenario.track(await startFakes({ name: 'dns' }))
    const broken = await scenario.host({
      name: 'dns-broken',
      store: { sqlite: 'dns.db' },
      baseUrls: {
        klaviyo: 'http://klaviyo.invalid',
        mailchimp: 'http://mailchimp.invalid/3.0',
        hubspot: 'http://hubspot.invalid',
        segment: 'http://segment.invalid/v1',
      },
    })
    let fixed: ChildHost | undefined
    const groups = queueGroups({
      name: 'dns',
      target: () => fixed ?? broken,
      count: 20,
      queues: 1,
      badRate: 0,
    })
    const all = allQueues(groups)
    const heldAnswers = new Map<string, string[]>()
    let fixing: Promise<void> | undefined
    const simulator = createSimulator({
      key: scenario.key,
      rng: rngFor('dns/simulator'),
      attemptTimeoutMs: MODE.attemptTimeoutMs,
      onAttempt(queue, attempt) {
        if (fixed) return
        const answers = heldAnswers.get(queue) ?? []
        answers.push(String(attempt.outcome ?? attempt.status))
        heldAnswers.set(queue, answers)
        // DNS comes back (same config, same store) once every queue was held 5 times.
        if (!fixing && all.every((q) => (heldAnswers.get(q.name)?.length ?? 0) >= 5)) {
          fixing = scenario
            .host({ name: 'dns-fixed', store: { sqlite: 'dns.db' }, baseUrls: fakes.baseUrls })
            .then((host) => {
              fixed = host
            })
        }
      },
    })
    const results = await simulator.run(all)
    simulator.close()
    for (const [queue, answers] of heldAnswers) {
      expect(new Set(answers), `${queue}: answers while DNS failed`).toEqual(new Set(['failure']))
    }
    for (const f of analyseGroups({
      scenario: 'dns',
      groups,
      results,
      fakes,
      notes: (target) => ({ heldAttempts: heldAnswers.get(`${target}#0`)?.length ?? 0 }),
    })) {
      record(f)
      expectPromisesKept(f, MODE)
    }
  })

  test('no crash; log hygiene: no secret, token, API key, email or name in any log line', () =>
    expectCleanFinish(scenario))
})
