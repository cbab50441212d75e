/** Reading fields of parsed request bodies without casts. @module */

/** The value at `keys` (object keys or array indexes), or `undefined`. */
export function at(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[key]
  }
  return current
}

/** The string at `keys`, or `undefined`. */
export function str(value: unknown, ...keys: (string | number)[]): string | undefined {
  const found = at(value, ...keys)
  return typeof found === 'string' ? found : undefined
}

/** The array at `keys`, or `[]`. */
export function arr(value: unknown, ...keys: (string | number)[]): unknown[] {
  const found = at(value, ...keys)
  return Array.isArray(found) ? found : []
}
