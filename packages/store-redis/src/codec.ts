/** The stored result as a Redis string value, and back. @module */
import { asStoredResult, type StoredResult } from '@bubblehouse-hooks/core'

/** `{"outcome":…,"code":…,"at":…}` */
export function encodeResult(result: StoredResult): string {
  return JSON.stringify({ outcome: result.outcome, code: result.code, at: result.at })
}

/** The stored value, or undefined when it is not one this package wrote. */
export function decodeResult(value: string): StoredResult | undefined {
  try {
    return asStoredResult(JSON.parse(value))
  } catch {
    return undefined
  }
}
