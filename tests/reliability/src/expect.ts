/** The three promises as assertions over a run's figures. @module */
import { expect } from 'vitest'
import type { Vendor } from './events'
import type { LogScanner } from './logs'
import type { Mode } from './mode'
import { type Figures, recordNote } from './report'
import type { Scenario } from './scenario'

/** Vendors that drop a re-sent write on their idempotency key (Klaviyo unique_id, Segment messageId). */
export const KEYED_VENDORS: ReadonlySet<Vendor> = new Set(['klaviyo', 'segment'])

/**
 * Nothing lost, nothing sent twice outside the documented window (an answer lost after a vendor
 * without an idempotency key committed), every event ended as built, order kept, no 5xx, every
 * answer within the deadline (plus the slack a loaded machine needs).
 */
export function expectPromisesKept(f: Figures, mode: Mode): void {
  const label = `${f.scenario} / ${f.target}`
  expect(f.events, `${label}: events`).toBeGreaterThan(0)
  expect(f.lost, `${label}: lost events`).toBe(0)
  expect(f.duplicatedOutsideWindow, `${label}: duplicates outside the documented window`).toBe(0)
  expect(f.wrongOutcome, `${label}: events that ended with the wrong outcome`).toBe(0)
  expect(f.inconsistentDuplicates, `${label}: re-deliveries answered differently`).toBe(0)
  expect(f.http5xx, `${label}: 5xx answers`).toBe(0)
  expect(f.badBodies, `${label}: 2xx answers without a valid outcome`).toBe(0)
  expect(f.timeouts, `${label}: attempts Bubblehouse would have timed out`).toBe(0)
  expect(f.maxAnswerMs, `${label}: slowest answer (ms)`).toBeLessThanOrEqual(
    mode.deadlineMs + mode.answerSlackMs,
  )
  for (const v of f.vendors) {
    expect(v.lost, `${label}: ${v.vendor} never received`).toBe(0)
    expect(v.afterTerminal, `${label}: ${v.vendor} writes after a terminal answer`).toBe(0)
    expect(v.unexpected, `${label}: ${v.vendor} writes for events it must not get`).toBe(0)
    expect(v.outOfOrder, `${label}: ${v.vendor} events out of queue order`).toBe(0)
    if (KEYED_VENDORS.has(v.vendor)) {
      expect(v.duplicatedInWindow, `${label}: ${v.vendor} duplicates`).toBe(0)
    }
  }
}

/**
 * No vendor received any event twice, inside the window or not: no repeated write of any kind
 * (dropped on an idempotency key, a repeated upsert, a duplicate). For scenarios without vendor
 * faults, where nothing can lose an answer, so a repeat can only be the host sending twice.
 */
export function expectNoRepeats(f: Figures): void {
  const label = `${f.scenario} / ${f.target}`
  expect(f.duplicated, `${label}: events a vendor holds twice`).toBe(0)
  for (const v of f.vendors) {
    expect(
      { dedupedByKey: v.dedupedByKey, rewrites: v.rewrites, duplicates: v.duplicatedInWindow },
      `${label}: ${v.vendor} writes repeated`,
    ).toEqual({ dedupedByKey: 0, rewrites: 0, duplicates: 0 })
  }
}

/**
 * The end of a scenario: no host crashed, and no log line leaked a secret, a token, an API key,
 * an email or a name.
 */
export async function expectCleanFinish(scenario: Scenario): Promise<void> {
  const crashes = scenario.crashes()
  await scenario.shutdown()
  recordNote('logs', scenario.name, {
    lines: scenario.logs.lines,
    leaks: scenario.logs.leaks.length,
    crashes: crashes.length,
    maxHostAnswerMs: Math.round(scenario.logs.maxDurationMs),
  })
  expect(crashes, 'hosts that exited on their own').toEqual([])
  expectNoLeaks(scenario.logs)
}

/** No log line leaked a secret, a token, an API key, an email or a name. */
export function expectNoLeaks(logs: LogScanner): void {
  expect(logs.lines, 'log lines scanned').toBeGreaterThan(0)
  expect(logs.leaks, 'log lines that leak a secret, token, API key, email or name').toEqual([])
}
