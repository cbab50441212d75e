/** Turn a stored row back into a {@link StoredResult}, refusing anything this package did not write. @module */
import { asStoredResult, type StoredResult } from '@bubblehouse-hooks/core'

/** A row of `SELECT outcome, code, at`, or undefined when a column is missing or of the wrong type. */
export function decodeResult(row: unknown): StoredResult | undefined {
  return asStoredResult(row)
}
