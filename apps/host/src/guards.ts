/** Type guards for values from outside (YAML, JSON, thrown errors). @module */

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

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
