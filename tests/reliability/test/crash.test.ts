/**
 * Scenario 2, crash: the host CLI runs on the SQLite store while five queues (each connector
 * route and the fan-out URL) stream events; the host is killed with SIGKILL mid-stream, several
 * times, and restarted on the same port and the same database file while the simulator goes on.
 * Nothing may be lost. Vendors with an idempotency key (Klaviyo unique_id, Segment messageId)
 * may receive a re-send but hold each event once; vendors without one (Mailchimp member events,
 * HubSpot custom events) can hold an event twice when the kill lands between the vendor's commit
 * and the store's record of it. That window is measured here.
 */
import { afterAll, describe, expect, test } from 'vitest'
import { VENDORS, type Vendor } from '../src/events'
import { expectCleanFinish, expectPromisesKept, KEYED_VENDORS } from '../src/expect'
import { startFakes } from '../src/fakes'
import { type ChildHost, freePort } from '../src/hosts'
import { MODE } from '../src/mode'
import { between, SEED } from '../src/random'
import { record, recordNote } from '../src/report'
import { analyseGroups, ROUTES, Scenario } from '../src/scenario'
import { startStream } from '../src/stream'

const scenario = new Scenario('crash')

afterAll(() => scenario.dispose())

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function percentiles(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0)
  return {
    samples: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: Math.round(sorted.at(-1) ?? 0),
  }
}

describe('scenario 2: kill -9 mid-stream on the SQLite store', () => {
  test(`${MODE.crashKills} kills while ${ROUTES.length} queues send ${MODE.crashEvents} events each`, async () => {
    // Vendor latency keeps calls in flight when the kill lands, as real vendors (50–300 ms) do.
    const fakes = scenario.track(
      await startFakes({ name: 'crash', latencyMs: (rng) => between(rng, 5, 40) }),
    )
    const port = await freePort()
    const start = () =>
      scenario.host({
        name: 'crash',
        store: { sqlite: 'crash.db' },
        baseUrls: fakes.baseUrls,
        port,
      })
    let host: ChildHost = await start()
    const stream = startStream(scenario, {
      name: 'crash',
      target: () => host,
      count: MODE.crashEvents,
      simulator: { duplicateRate: MODE.duplicateRate },
    })

    const kills: Array<{
      at: number
      ended: number
      exit: string
      restartMs: number
      recoveryMs: number
    }> = []
    await stream.atEvenPoints(MODE.crashKills, async () => {
      const victim = host
      const at = performance.now()
      await victim.kill()
      const exit = String(await victim.exited)
      host = await start()
      const restartMs = performance.now() - at
      const endedAtKill = stream.ended
      // Recovery: the first event answered terminal after the kill.
      while (stream.ended === endedAtKill && !stream.finished) await sleep(10)
      kills.push({ at, ended: endedAtKill, exit, restartMs, recoveryMs: performance.now() - at })
    })
    const results = await stream.results()

    // The window: from the vendor's commit of a write without idempotency key to the event's
    // terminal answer (the store records the result just before answering). A kill inside it
    // re-sends the event after the restart.
    const windows: Record<string, number[]> = { mailchimp: [], hubspot: [] }
    results.forEach((result, i) => {
      const queue = stream.queues[i]!
      for (const event of result.events) {
        // Deliveries the kills did not touch: one attempt, answered.
        if (event.terminalAt === undefined || event.attempts !== 1) continue
        for (const vendor of queue.vendors) {
          if (KEYED_VENDORS.has(vendor)) continue
          // The last such write is the one of the attempt that was answered.
          const commit = fakes.fakes[vendor].ledger
            .of(event.bhid)
            .filter((c) => c.key === undefined && !c.idempotent && c.at <= event.terminalAt!)
            .at(-1)
          if (commit) windows[vendor]?.push(event.terminalAt - commit.at)
        }
      }
    })
    const window = Object.fromEntries(
      Object.entries(windows).map(([vendor, values]) => [vendor, percentiles(values)]),
    )
    const figures = analyseGroups({
      scenario: 'crash',
      groups: stream.groups,
      results,
      fakes,
      notes: (target) =>
        target === 'fan-out'
          ? {
              seed: SEED,
              kills: kills.map((k) => ({
                exit: k.exit,
                restartMs: Math.round(k.restartMs),
                recoveryMs: Math.round(k.recoveryMs),
              })),
              windowMs: window,
            }
          : {},
    })
    for (const f of figures) record(f)
    recordNote('crash', 'window', {
      kills: kills.length,
      windowMs: window,
      duplicates: Object.fromEntries(
        VENDORS.map((v: Vendor) => [
          v,
          figures.reduce(
            (n, f) => n + (f.vendors.find((t) => t.vendor === v)?.duplicatedInWindow ?? 0),
            0,
          ),
        ]),
      ),
    })

    expect(kills.length, 'kills').toBe(MODE.crashKills)
    for (const kill of kills) expect(kill.exit, 'the host died of the SIGKILL').toBe('SIGKILL')
    for (const f of figures) expectPromisesKept(f, MODE)
    // A kill re-sends at most the one event each queue had in flight, per vendor.
    for (const vendor of VENDORS) {
      const queues = ROUTES.filter((r) => r.vendors.includes(vendor)).length
      const duplicates = figures.reduce(
        (n, f) => n + (f.vendors.find((t) => t.vendor === vendor)?.duplicatedInWindow ?? 0),
        0,
      )
      expect(duplicates, `${vendor} duplicates`).toBeLessThanOrEqual(kills.length * queues)
    }
  })

  test('no crash; log hygiene: no secret, token, API key, email or name in any log line', () =>
    expectCleanFinish(scenario))
})
