/**
 * What a fake vendor committed, per event: the vendor processed the request (whether or not its
 * answer then reached the connector). The suite counts losses and duplicates from this ledger.
 * @module
 */

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
}

/** A fake vendor's commits. */
export class Ledger {
  readonly commits: Commit[] = []
  readonly #byBhid = new Map<string, Commit[]>()

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
