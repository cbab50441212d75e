/** Turn a stored row back into a {@link StoredResult}, refusing anything this package did not write. @module */
import { OUTCOMES, type StoredResult, type TerminalOutcome } from '@bubblehouse-hooks/core'

/** True for the four outcomes that are stored (everything but `failure`). */
export function isTerminalOutcome(value: unknown): value is TerminalOutcome {
  return value !== 'failure' && OUTCOMES.some((outcome) => outcome === value)
}

/** A row of `SELECT outcome, code, at`, or undefined when a column is missing or of the wrong type. */
export function decodeResult(row: unknown): StoredResult | undefined {
  if (typeof row !== 'object' || row === null) return undefined
  if (!('outcome' in row) || !('code' in row) || !('at' in row)) return undefined
  const { outcome, code, at } = row
  if (!isTerminalOutcome(outcome) || typeof code !== 'string' || typeof at !== 'number') {
    return undefined
  }
  return { outcome, code, at }
}
