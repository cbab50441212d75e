/**
 * Replay of journaled events: which lines can go (a kept body, a configured connector, `sent`
 * only with force), grouped per event, then sent through the connectors again past their stored
 * dedupe result, and the new outcomes recorded. Shared by the `replay` command and the console.
 * @module
 */
import {
  type ConnectorAttempt,
  type JournalEntry,
  type Replayer,
  type SendEvent1,
  SendEvent1InputSchema,
} from '@bubblehouse-hooks/core'
import type { JournalRecorder } from './recorder'

/** A line left out, and why (shown to the operator). */
export interface LeftOut {
  readonly entry: JournalEntry
  readonly reason: string
}

/** One event to replay, through these connectors. */
export interface ReplayJob {
  readonly event: SendEvent1
  readonly route: string
  readonly entries: readonly JournalEntry[]
}

/** What {@link selectReplays} decides. */
export interface ReplaySelection {
  readonly jobs: readonly ReplayJob[]
  readonly leftOut: readonly LeftOut[]
}

/** The body kept with a line, as a valid SendEvent1, or undefined. */
function eventOf(body: string | undefined): SendEvent1 | undefined {
  if (body === undefined) return undefined
  try {
    const parsed = SendEvent1InputSchema.safeParse(JSON.parse(body))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/** Why a line cannot be replayed, or undefined when it can. Checked in this order. */
const REFUSALS: ReadonlyArray<
  (
    entry: JournalEntry,
    ctx: { force: boolean; connectors: ReadonlySet<string> },
  ) => string | undefined
> = [
  (e, { force }) =>
    e.outcome === 'sent' && !force ? 'already sent; add --force to send it again' : undefined,
  (e, { connectors }) =>
    connectors.has(e.connector) ? undefined : 'its connector is not in this config',
  (e) =>
    e.body === undefined
      ? 'no body kept (journal.bodies keeps failure and invalid_data by default)'
      : undefined,
  (e) => (eventOf(e.body) === undefined ? 'the kept body is not a valid SendEvent1' : undefined),
]

/** Split journal lines (read with bodies) into replay jobs per event and lines left out. */
export function selectReplays(
  entries: readonly JournalEntry[],
  options: { readonly force: boolean; readonly connectors: readonly string[] },
): ReplaySelection {
  const ctx = { force: options.force, connectors: new Set(options.connectors) }
  const leftOut: LeftOut[] = []
  const jobs = new Map<string, { event: SendEvent1; route: string; entries: JournalEntry[] }>()
  for (const entry of entries) {
    const reason = REFUSALS.map((refuse) => refuse(entry, ctx)).find((r) => r !== undefined)
    if (reason !== undefined) {
      leftOut.push({ entry, reason })
      continue
    }
    const job = jobs.get(entry.bhid)
    if (job) job.entries.push(entry)
    else jobs.set(entry.bhid, { event: eventOf(entry.body)!, route: entry.route, entries: [entry] })
  }
  return { jobs: [...jobs.values()], leftOut }
}

/** One replayed event: its lines before, and each connector's new run. */
export interface ReplayedEvent {
  readonly job: ReplayJob
  readonly runs: readonly ConnectorAttempt[]
}

/**
 * Replay each job in turn and record the new runs in the journal (same route, so the line and its
 * attempt count update). No held-queue incident opens or closes: only the hook handler's answers
 * move Bubblehouse's queue.
 */
export async function runReplays(
  jobs: readonly ReplayJob[],
  replay: Replayer,
  journal: Pick<JournalRecorder, 'record'>,
  onEach?: (done: ReplayedEvent) => void,
): Promise<ReplayedEvent[]> {
  const done: ReplayedEvent[] = []
  for (const job of jobs) {
    const runs = await replay(
      job.event,
      job.entries.map((e) => e.connector),
    )
    await journal.record(job.route, job.event, runs)
    const replayed = { job, runs }
    onEach?.(replayed)
    done.push(replayed)
  }
  return done
}
