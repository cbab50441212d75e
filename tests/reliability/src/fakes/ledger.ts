/**
 * What a fake vendor committed, per event: the vendor processed the request (whether or not its
 * answer then reached the connector). The suite counts losses and duplicates from this ledger.
 * @module
 */

/**
 * What became of the answer to the request that made a commit, read after the run (the answer and
 * its connection settle after the commit).
 */
export interface AnswerFate {
  /**
   * The answer was lost on its way to the connector: the gate dropped the connection in a refusal
   * window (`refusal`), or the connection closed for another reason (`closed`: the connector or the
   * fake closed it, e.g. a client timeout), before the answer's last byte passed the gate (without
   * a gate: before the fake wrote it). Undefined: it passed (or, without a gate, was written).
   */
  readonly cut?: 'refusal' | 'closed' | undefined
  /** ms from the commit until the fake had written the whole answer; undefined: never written. */
  readonly writtenMs?: number | undefined
  /** ms from the commit until the gate dropped the connection, when it did. */
  readonly closedMs?: number | undefined
  /** False when the fake's response or the gate's connection could not be found (no verdict). */
  readonly traced: boolean
}

/** One committed write at a fake vendor. */
export interface Commit {
  /** The event it belongs to. */
  readonly bhid: string
  /** e.g. `event`, `profile`, `member`, `track`. */
  readonly op: string
  /**
   * The vendor's idempotency key when it has one (Klaviyo unique_id, Segment messageId): a second
   * commit with the same key is dropped by the vendor and is no duplicate.
   */
  readonly key?: string | undefined
  /** A naturally idempotent write (an upsert): repeating it changes nothing. */
  readonly idempotent: boolean
  /** When the vendor committed it (performance.now()). */
  readonly at: number
  /** The fake then dropped its answer on purpose (an injected lost-answer fault). */
  readonly answerLost?: boolean
  /** What became of the answer (commits of answered requests only). */
  readonly answerFate?: (() => AnswerFate) | undefined
}

/** A fake vendor's commits. */
export class Ledger {
  readonly commits: Commit[] = []
  readonly #byBhid = new Map<string, Commit[]>()
  /** When the vendor's refusal windows started (performance.now()), for the report. */
  readonly refusals: number[] = []

  record(commit: Commit): void {
    this.commits.push(commit)
    const list = this.#byBhid.get(commit.bhid)
    if (list) list.push(commit)
    else this.#byBhid.set(commit.bhid, [commit])
  }

  /** The commits of one event, in order. */
  of(bhid: string): readonly Commit[] {
    return this.#byBhid.get(bhid) ?? []
  }

  /** Events with at least one commit. */
  bhids(): IterableIterator<string> {
    return this.#byBhid.keys()
  }
}
