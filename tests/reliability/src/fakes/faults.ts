/**
 * Fault schedules for the fake vendors: a share of requests gets a fault, its kind drawn from a
 * weighted mix. Every draw comes from a seeded PRNG, so a run can be replayed.
 * @module
 */
import type { Rng } from '../random'

/**
 * What can go wrong with one vendor request:
 * - `http5xx`: 500/502/503/504 with the vendor's error body;
 * - `http429`: rate limited, with Retry-After where the vendor sends it;
 * - `reset`: the socket is destroyed before the vendor processed anything;
 * - `hang`: no answer at all, longer than any deadline;
 * - `refused`: the vendor goes away: this request is reset and new connections are refused for a
 *   short window;
 * - `lostAnswerReset` / `lostAnswerHang`: the vendor processed the request, then the answer was
 *   lost (reset or never sent). The only faults that can duplicate at a vendor without an
 *   idempotency key.
 */
export const FAULT_KINDS = [
  'http5xx',
  'http429',
  'reset',
  'hang',
  'refused',
  'lostAnswerReset',
  'lostAnswerHang',
] as const

/** One fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Relative weights of the kinds; hangs are rarer because each costs a whole deadline. */
export const DEFAULT_MIX: Readonly<Record<FaultKind, number>> = {
  http5xx: 0.32,
  http429: 0.22,
  reset: 0.15,
  hang: 0.05,
  refused: 0.08,
  lostAnswerReset: 0.15,
  lostAnswerHang: 0.03,
}

/** Draws faults and counts them. */
export interface FaultSchedule {
  /** The fault for the next request, if any. */
  next(): FaultKind | undefined
  /** Faults drawn so far, by kind. */
  readonly counts: Record<FaultKind, number>
  /** Faults drawn so far. */
  total(): number
  /** Turn injection on or off (off: `next` returns nothing). */
  enabled: boolean
}

/** A schedule that faults `rate` of requests with kinds drawn from `mix`. */
export function createFaultSchedule(
  rng: Rng,
  rate: number,
  mix: Readonly<Record<FaultKind, number>> = DEFAULT_MIX,
): FaultSchedule {
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>
  const weights = FAULT_KINDS.map((k) => mix[k])
  const sum = weights.reduce((a, b) => a + b, 0)
  const schedule: FaultSchedule = {
    enabled: rate > 0,
    counts,
    total: () => FAULT_KINDS.reduce((n, k) => n + counts[k], 0),
    next() {
      if (!schedule.enabled || rng() >= rate) return undefined
      let x = rng() * sum
      for (let i = 0; i < FAULT_KINDS.length; i++) {
        x -= weights[i]!
        if (x < 0) {
          const kind = FAULT_KINDS[i]!
          counts[kind]++
          return kind
        }
      }
      return undefined
    },
  }
  return schedule
}
