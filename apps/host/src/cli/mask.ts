/**
 * Mask anything secret-looking in what `dry-run` prints. Plans never hold credentials (connectors
 * add them in `deliver`), so this is a second line of defence: keys named like secrets, values
 * shaped like tokens, and any configured secret value wherever it appears.
 * @module
 */
import { isRecord } from '../guards'

/** What replaces a masked value. */
export const MASK = '***'

const SECRET_KEY =
  /(authorization|api[-_]?key|secret|token|password|passwd|private[-_]?key|access[-_]?key|write[-_]?key|signature|cookie|credential)/i

const SECRET_VALUE = [
  /^(Bearer|Basic|Klaviyo-API-Key)\s+\S+/i,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/,
  /^(pk|sk|rk)_[A-Za-z0-9]{16,}$/,
  /^[a-f0-9]{32}-us\d{1,3}$/,
  /^pat-[a-z0-9]{2,4}-[a-f0-9-]{20,}$/,
]

/** Every string under a secret-looking key in `options` (connector options, auth keys). */
export function secretValues(options: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(options)) {
    for (const item of options) secretValues(item, found)
  } else if (isRecord(options)) {
    for (const [key, value] of Object.entries(options)) {
      if (SECRET_KEY.test(key) && typeof value === 'string' && value.length >= 6) found.add(value)
      else secretValues(value, found)
    }
  }
  return found
}

function maskString(text: string, secrets: ReadonlySet<string>): string {
  if (SECRET_VALUE.some((pattern) => pattern.test(text))) return MASK
  let out = text
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(MASK)
  return out
}

/**
 * A deep copy of `value` with secrets masked.
 * @example
 * maskSecrets({ headers: { authorization: 'Bearer x' } }, new Set()) // { headers: { authorization: '***' } }
 */
export function maskSecrets(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return maskString(value, secrets)
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item, secrets))
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    const masked =
      SECRET_KEY.test(key) && (typeof item === 'string' || typeof item === 'number')
        ? MASK
        : maskSecrets(item, secrets)
    Object.defineProperty(out, key, {
      value: masked,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return out
}
