/** The stored result as a Redis string value, and back. @module */
import { OUTCOMES, type StoredResult, type TerminalOutcome } from '@bubblehouse-hooks/core'

/** True for the four outcomes that are stored (everything but `failure`). */
export function isTerminalOutcome(value: unknown): value is TerminalOutcome {
  return value !== 'failure' && OUTCOMES.some((outcome) => outcome === value)
}

/** `{"outcome":…,"code":…,"at":…}` */
export function encodeResult(result: StoredResult): string {
  return JSON.stringify({ outcome: result.outcome, code: result.code, at: result.at })
}

/** The stored value, or undefined when it is not one this package wrote. */
export function decodeResult(value: string): StoredResult | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined
  if (!('outcome' in parsed) || !('code' in parsed) || !('at' in parsed)) return undefined
  const { outcome, code, at } = parsed
  if (!isTerminalOutcome(outcome) || typeof code !== 'string' || typeof at !== 'number') {
    return undefined
  }
  return { outcome, code, at }
}
