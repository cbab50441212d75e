/**
 * Values that came from `${VAR}` are strings. Where the schema wants a number or a boolean and
 * the string reads as one, use that: `port: "${PORT:-8787}"` works quoted or not, inside `{ }`
 * or not, and a secret that happens to be all digits stays a string.
 * @module
 */
import type { z } from 'zod'
import { formatPath } from './errors'

const NUMBER = /^-?\d+(\.\d+)?$/

function coerced(expected: string, text: string): number | boolean | undefined {
  if ((expected === 'number' || expected === 'int') && NUMBER.test(text)) return Number(text)
  if (expected === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  return undefined
}

function setAt(root: unknown, path: readonly PropertyKey[], value: unknown): boolean {
  let node: unknown = root
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false
    node = Reflect.get(node, segment)
  }
  const last = path.at(-1)
  if (typeof node !== 'object' || node === null || last === undefined) return false
  return Reflect.set(node, last, value)
}

function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined
    node = Reflect.get(node, segment)
  }
  return node
}

/** Values for placeholders the schema refuses: config paths (as `formatPath` writes them) → a sample. */
export interface Placeholders {
  readonly paths: ReadonlySet<string>
  /** A valid value for the option at `segments` (its example or default), if the schema has one. */
  readonly sample: (segments: readonly PropertyKey[]) => unknown
}

/**
 * `schema.safeParse(value)`, retried with interpolated strings turned into the numbers or
 * booleans the schema asks for, and refused `${VAR}` placeholders replaced by a sample value.
 * `value` is changed in place.
 * @example
 * safeParseCoercing(HostConfigSchema, raw, new Set(['listen.port']))
 */
export function safeParseCoercing<S extends z.ZodType>(
  schema: S,
  value: unknown,
  interpolated: ReadonlySet<string>,
  base: readonly PropertyKey[] = [],
  placeholders?: Placeholders,
): ReturnType<S['safeParse']> {
  let result = schema.safeParse(value)
  for (let round = 0; round < 3 && !result.success; round++) {
    let changed = false
    for (const issue of result.error.issues) {
      const path = formatPath([...base, ...issue.path])
      if (placeholders?.paths.has(path)) {
        const sample = placeholders.sample(issue.path)
        if (sample !== undefined && getAt(value, issue.path) !== sample) {
          changed = setAt(value, issue.path, sample) || changed
        }
        continue
      }
      if (issue.code !== 'invalid_type') continue
      if (!interpolated.has(path)) continue
      const text = getAt(value, issue.path)
      const next = typeof text === 'string' ? coerced(issue.expected, text) : undefined
      if (next !== undefined) changed = setAt(value, issue.path, next) || changed
    }
    if (!changed) break
    result = schema.safeParse(value)
  }
  return result as ReturnType<S['safeParse']>
}
