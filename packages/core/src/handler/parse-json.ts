/** Decode and parse a JSON body safely. @module */

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Parse UTF-8 JSON; `undefined` when the bytes are not valid UTF-8 or not JSON. Objects keep a
 * `__proto__` key as an own property (JSON.parse never sets prototypes), and we never merge parsed
 * objects into others, so no prototype pollution can follow.
 */
export function parseJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(bytes)) }
  } catch {
    return { ok: false }
  }
}
