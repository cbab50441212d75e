/** Type guards for values from outside (YAML, JSON, thrown errors). @module */

/** Core's plain-object guard (not null, not an array). */
export { isRecord } from '@bubblehouse-hooks/core'

/**
 * The `code` of a thrown Node or library error, if it has one (never its message, which may hold
 * URLs, headers or values).
 * @example
 * codeOf(err) // 'ENOENT'
 */
export function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined
  return typeof err.code === 'string' ? err.code : undefined
}
