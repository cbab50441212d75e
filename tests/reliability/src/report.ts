/**
 * Turning a run into figures: what the simulator saw (answers, outcomes, answer times) checked
 * against what each fake vendor committed (losses, duplicates, order), printed per queue and
 * written to .cache/results for the summary at the end of the run.
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GeneratedEvent, Vendor } from './events'
import type { AnswerFate, Commit, Ledger } from './fakes/ledger'
import { RESULTS_DIR } from './paths'
import type { EventResult, QueueResult, SimQueue } from './simulator'

/** What one vendor shows for the events of one or more queues. */
export interface VendorTally {
  readonly vendor: Vendor
  /** Events this vendor had to receive (expected `sent` there). */
  expectedDelivered: number
  /** Of those, events the simulator saw end but the vendor never committed. */
  lost: number
  /** Re-sent writes the vendor dropped on its idempotency key (unique_id, messageId). */
  dedupedByKey: number
  /** Repeated idempotent writes (upserts): nothing changes at the vendor. */
  rewrites: number
  /** Writes without an idempotency key that the vendor holds twice, re-sent before the event's terminal answer (an answer was lost). */
  duplicatedInWindow: number
  /** Of `duplicatedInWindow`, those right after a write whose answer the fake dropped on purpose. */
  afterLostAnswer: number
  /**
   * Of `duplicatedInWindow`, those right after a write whose answer was cut: its connection closed
   * before the answer's last byte passed the gate (a refusal window, a connector's timeout, a
   * killed host) or, without a gate, before the fake wrote it.
   */
  afterCutAnswer: number
  /**
   * Of `duplicatedInWindow`, the rest: the answer reached the host. Under vendor faults that is a
   * duplicate of our own making (must be 0); in the crash and outage scenarios, the host died or
   * lost its store between the vendor's answer and recording the result.
   */
  otherCause: number
  /** The first `otherCause` duplicates, with their story. */
  readonly otherCauses: OtherCauseDuplicate[]
  /** Any vendor write after the event's terminal answer: our dedupe failed. Must be 0. */
  afterTerminal: number
  /** Non-idempotent writes for events this vendor should not have received. Must be 0. */
  unexpected: number
  /** Events whose first write came before the previous event's (per queue). Must be 0. */
  outOfOrder: number
}

/** An in-window duplicate with no known cause, as far as the suite can tell its story. */
export interface OtherCauseDuplicate {
  readonly bhid: string
  /** The repeated write (its op). */
  readonly unit: string
  /** ms after the event's first attempt was sent. */
  readonly terminalMs: number | undefined
  /** The unit's commits (ms after the first attempt) and what became of each answer. */
  readonly commits: Array<{ ms: number; answerLost: boolean; fate: AnswerFate | undefined }>
  /** The event's POSTs: sent (ms after the first), answer, answer time (ms). */
  readonly attempts: Array<{ sentMs: number; answer: string; ms: number }>
  /** The vendor's refusal window that opened nearest the previous commit, ms after that commit. */
  readonly nearestRefusalMs: number | undefined
}

/** The first this many `otherCause` duplicates are kept per vendor. */
const OTHER_CAUSES_KEPT = 20

const ms = (value: number) => Math.round(value * 10) / 10

function nearest(times: readonly number[], at: number): number | undefined {
  let best: number | undefined
  for (const t of times) if (best === undefined || Math.abs(t - at) < Math.abs(best - at)) best = t
  return best === undefined ? undefined : ms(best - at)
}

/** Why a write was repeated: what became of the previous write's answer. */
function causeOf(previous: Commit): 'lost' | 'cut' | 'other' {
  if (previous.answerLost) return 'lost'
  return previous.answerFate?.().cut !== undefined ? 'cut' : 'other'
}

/** An `otherCause` duplicate's story, times in ms after the event's first attempt. */
function storyOf(
  event: EventResult,
  unit: string,
  commits: readonly Commit[],
  previous: Commit,
  refusals: readonly number[],
): OtherCauseDuplicate {
  const start = event.firstSentAt ?? 0
  return {
    bhid: event.bhid,
    unit,
    terminalMs: event.terminalAt === undefined ? undefined : ms(event.terminalAt - start),
    commits: commits
      .filter((c) => (c.key ?? c.op) === unit)
      .map((c) => ({
        ms: ms(c.at - start),
        answerLost: c.answerLost === true,
        fate: c.answerFate?.(),
      })),
    attempts: event.tries.map((t) => ({
      sentMs: ms(t.sentAt - start),
      answer: t.answer,
      ms: ms(t.ms),
    })),
    nearestRefusalMs: nearest(refusals, previous.at),
  }
}

/** The figures of one queue group (a connector route, or the fan-out). */
export interface Figures {
  readonly scenario: string
  readonly target: string
  events: number
  /** Events never answered terminal, plus events a vendor never received. */
  lost: number
  /** Events a vendor holds more than once (the documented window included). */
  duplicated: number
  /** Of `duplicated`, the ones outside the documented window. Must be 0. */
  duplicatedOutsideWindow: number
  maxAnswerMs: number
  p99AnswerMs: number
  deadlineMs: number
  attempts: number
  /** Answers with status ≥ 500. Must be 0. */
  http5xx: number
  /** 2xx answers without a valid `{outcome}`. Must be 0. */
  badBodies: number
  /** Events that ended with another outcome than the one they were built for. Must be 0. */
  wrongOutcome: number
  /** Re-delivered events answered with a different terminal outcome. Must be 0. */
  inconsistentDuplicates: number
  /** Re-deliveries sent (after a terminal answer, or concurrent copies). */
  redeliveries: number
  /** Events held past the simulator's patience (counted in `lost`), with their last answers. */
  readonly held: Array<{ bhid: string; attempts: number; lastAnswers: string[] }>
  /** Attempt timeouts and connection errors the simulator saw. */
  timeouts: number
  networkErrors: number
  readonly vendors: VendorTally[]
  /** Free-form extras (faults injected, kills, outages, window measurements). */
  readonly notes: Record<string, unknown>
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/**
 * Check a group of queues (all routed to the same `vendors`) against the vendors' ledgers.
 * `generated` gives each queue's events as built.
 */
export function analyse(options: {
  readonly scenario: string
  readonly target: string
  readonly deadlineMs: number
  readonly queues: readonly SimQueue[]
  readonly results: readonly QueueResult[]
  readonly ledgers: Readonly<Partial<Record<Vendor, Ledger>>>
  readonly notes?: Record<string, unknown>
}): Figures {
  const vendors = options.queues[0]?.vendors ?? []
  const answerMs = options.results.flatMap((r) => r.answerMs)
  const figures: Figures = {
    scenario: options.scenario,
    target: options.target,
    events: 0,
    lost: 0,
    duplicated: 0,
    duplicatedOutsideWindow: 0,
    maxAnswerMs: Math.round(answerMs.reduce((a, b) => Math.max(a, b), 0)),
    p99AnswerMs: Math.round(percentile(answerMs, 99)),
    deadlineMs: options.deadlineMs,
    attempts: answerMs.length,
    http5xx: 0,
    badBodies: 0,
    wrongOutcome: 0,
    inconsistentDuplicates: 0,
    redeliveries: 0,
    timeouts: 0,
    networkErrors: 0,
    held: options.results.flatMap((r) => r.held),
    vendors: vendors.map((vendor) => ({
      vendor,
      expectedDelivered: 0,
      lost: 0,
      dedupedByKey: 0,
      rewrites: 0,
      duplicatedInWindow: 0,
      afterLostAnswer: 0,
      afterCutAnswer: 0,
      otherCause: 0,
      otherCauses: [],
      afterTerminal: 0,
      unexpected: 0,
      outOfOrder: 0,
    })),
    notes: { ...options.notes },
  }
  const lostEvents = new Set<string>()
  const duplicatedEvents = new Set<string>()
  const outsideEvents = new Set<string>()

  options.queues.forEach((queue, q) => {
    const result = options.results[q]!
    figures.http5xx += result.http5xx
    figures.badBodies += result.badBodies
    figures.timeouts += result.timeouts
    figures.networkErrors += result.networkErrors
    const byBhid = new Map<string, GeneratedEvent>(queue.events.map((g) => [g.bhid, g]))
    const lastFirstCommit = new Map<Vendor, number>()
    for (const event of result.events) {
      figures.events++
      if (event.outcome === undefined) lostEvents.add(event.bhid)
      else if (event.outcome !== event.expected) figures.wrongOutcome++
      for (const answer of event.duplicateAnswers) {
        figures.redeliveries++
        if (answer !== 'failure' && answer !== 'none' && answer !== event.outcome) {
          figures.inconsistentDuplicates++
        }
      }
      const generated = byBhid.get(event.bhid)!
      for (const tally of figures.vendors) {
        const ledger = options.ledgers[tally.vendor]
        if (!ledger) continue
        const commits = ledger.of(event.bhid)
        const shouldDeliver = generated.expected[tally.vendor] === 'sent'
        if (shouldDeliver) tally.expectedDelivered++
        if (shouldDeliver && event.outcome !== undefined && commits.length === 0) {
          tally.lost++
          lostEvents.add(event.bhid)
        }
        const terminalAt = event.terminalAt ?? Number.POSITIVE_INFINITY
        const lastOf = new Map<string, Commit>()
        for (const commit of commits) {
          if (commit.at > terminalAt) {
            tally.afterTerminal++
            outsideEvents.add(event.bhid)
          }
          if (!shouldDeliver && !commit.idempotent) {
            tally.unexpected++
            outsideEvents.add(event.bhid)
          }
          const unit = commit.key ?? commit.op
          const previous = lastOf.get(unit)
          lastOf.set(unit, commit)
          if (previous === undefined) continue
          if (commit.key !== undefined) tally.dedupedByKey++
          else if (commit.idempotent) tally.rewrites++
          else {
            if (commit.at <= terminalAt) {
              tally.duplicatedInWindow++
              const cause = causeOf(previous)
              if (cause === 'lost') tally.afterLostAnswer++
              else if (cause === 'cut') tally.afterCutAnswer++
              else {
                tally.otherCause++
                if (tally.otherCauses.length < OTHER_CAUSES_KEPT) {
                  tally.otherCauses.push(storyOf(event, unit, commits, previous, ledger.refusals))
                }
              }
            }
            duplicatedEvents.add(event.bhid)
          }
        }
        const first = commits[0]?.at
        if (first !== undefined) {
          const previous = lastFirstCommit.get(tally.vendor) ?? Number.NEGATIVE_INFINITY
          if (first < previous) tally.outOfOrder++
          lastFirstCommit.set(tally.vendor, first)
        }
      }
    }
  })
  figures.lost = lostEvents.size
  figures.duplicated = duplicatedEvents.size
  figures.duplicatedOutsideWindow = outsideEvents.size
  return figures
}

/** The one-line summary the issue asks each scenario to print. */
export function headline(f: Figures): string {
  const dup =
    f.duplicated > 0 || f.duplicatedOutsideWindow > 0
      ? `${f.duplicated} (outside the documented window: ${f.duplicatedOutsideWindow})`
      : '0'
  const causes = f.vendors
    .filter((v) => v.duplicatedInWindow > 0)
    .map(
      (v) =>
        `${v.vendor} ${v.duplicatedInWindow} (after lost answer ${v.afterLostAnswer}, after cut answer ${v.afterCutAnswer}, other ${v.otherCause})`,
    )
  const window =
    causes.length > 0 ? `; duplicate writes inside the window: ${causes.join(', ')}` : ''
  return `[${f.scenario}] ${f.target}: events ${f.events}, lost ${f.lost}, duplicated ${dup}, max answer time ${f.maxAnswerMs} ms (p99 ${f.p99AnswerMs} ms, deadline ${f.deadlineMs} ms)${window}`
}

/** In-window duplicate writes of a group by cause, summed over its vendors: `lost/cut/other`. */
function causeColumn(f: Figures): string {
  const sum = (pick: (v: VendorTally) => number) => f.vendors.reduce((n, v) => n + pick(v), 0)
  return `${sum((v) => v.afterLostAnswer)}/${sum((v) => v.afterCutAnswer)}/${sum((v) => v.otherCause)}`
}

/** Print the headline and details, and keep the figures for the summary. */
export function record(f: Figures): void {
  const details = {
    attempts: f.attempts,
    http5xx: f.http5xx,
    timeouts: f.timeouts,
    networkErrors: f.networkErrors,
    redeliveries: f.redeliveries,
    ...(f.held.length > 0 ? { held: f.held } : {}),
    vendors: Object.fromEntries(
      f.vendors.map((v) => [
        v.vendor,
        {
          expectedDelivered: v.expectedDelivered,
          lost: v.lost,
          dedupedByKey: v.dedupedByKey,
          rewrites: v.rewrites,
          duplicatedInWindow: v.duplicatedInWindow,
          afterLostAnswer: v.afterLostAnswer,
          afterCutAnswer: v.afterCutAnswer,
          otherCause: v.otherCause,
          ...(v.otherCauses.length > 0 ? { otherCauses: v.otherCauses } : {}),
          afterTerminal: v.afterTerminal,
          unexpected: v.unexpected,
          outOfOrder: v.outOfOrder,
        },
      ]),
    ),
    ...f.notes,
  }
  console.log(`${headline(f)}\n  ${JSON.stringify(details)}`)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = `${f.scenario}-${f.target}`.replace(/[^A-Za-z0-9_.-]+/g, '_')
  writeFileSync(join(RESULTS_DIR, `${file}.json`), JSON.stringify(f, null, 2))
}

/** Extra facts a scenario wants in the summary (e.g. hostile-input checks, log lines scanned). */
export function recordNote(scenario: string, name: string, value: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = `${scenario}-${name}`.replace(/[^A-Za-z0-9_.-]+/g, '_')
  writeFileSync(join(RESULTS_DIR, `${file}.note.json`), JSON.stringify({ scenario, name, value }))
}

/** Print every recorded figure as one table (global teardown). */
export function printSummary(): void {
  let files: string[]
  try {
    files = readdirSync(RESULTS_DIR).sort()
  } catch {
    return
  }
  const rows: string[] = []
  const notes: string[] = []
  for (const file of files) {
    const value: unknown = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8'))
    if (file.endsWith('.note.json')) {
      const note = value as { scenario: string; name: string; value: unknown }
      notes.push(`  ${note.scenario} / ${note.name}: ${JSON.stringify(note.value)}`)
    } else {
      const f = value as Figures
      rows.push(
        `  ${`${f.scenario} / ${f.target}`.padEnd(34)} ${String(f.events).padStart(7)} ${String(f.lost).padStart(5)} ${String(f.duplicated).padStart(5)} (${f.duplicatedOutsideWindow}) ${String(f.maxAnswerMs).padStart(6)} ms ${String(f.p99AnswerMs).padStart(6)} ms ${String(f.http5xx).padStart(4)}  ${causeColumn(f)}`,
      )
    }
  }
  if (rows.length === 0 && notes.length === 0) return
  const mode = process.env.BH_RELIABILITY_SOAK === '1' ? 'soak' : 'ci'
  console.log(
    [
      '',
      `reliability summary (${mode} mode, BH_RELIABILITY_SEED=${process.env.BH_RELIABILITY_SEED ?? '?'})`,
      `  ${'scenario / queue'.padEnd(34)}  events  lost   dup (out)    max       p99  5xx  in-window dup writes after lost answer/cut answer/other`,
      ...rows,
      ...(notes.length > 0 ? ['', ...notes] : []),
      '',
    ].join('\n'),
  )
}
