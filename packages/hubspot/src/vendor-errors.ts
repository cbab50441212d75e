/**
 * Reading HubSpot error bodies (https://developers.hubspot.com/docs/api-reference/error-handling).
 * The property-level reason is often only inside `message`, as embedded JSON:
 * `Property values were not valid: [{"isValid":false,…,"error":"PROPERTY_DOESNT_EXIST","name":"x"}]`;
 * newer endpoints also list `errors[]` with a `code`. Both are read here.
 * @module
 */
import { type FieldDropReason, valuesAtPath } from '@bubblehouse-hooks/core'

/** One property HubSpot complained about. */
export interface PropertyError {
  /** e.g. `PROPERTY_DOESNT_EXIST`, `INVALID_EMAIL`, `INVALID_OPTION`. */
  readonly error: string
  /** The property's internal name, when HubSpot gave it. */
  readonly name?: string
}

const EMBEDDED_LIST = /Property values were not valid: (\[.*\])\s*$/s
const EMBEDDED_ITEM = /"error"\s*:\s*"([A-Z_]+)"\s*,\s*"name"\s*:\s*"([^"]*)"/g

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** One item of the embedded list, when it names an error. */
function toPropertyError(item: Record<string, unknown>): PropertyError[] {
  if (typeof item.error !== 'string') return []
  return [{ error: item.error, ...(typeof item.name === 'string' ? { name: item.name } : {}) }]
}

function fromEmbedded(message: string): PropertyError[] {
  const list = EMBEDDED_LIST.exec(message)?.[1]
  if (list) {
    try {
      const parsed: unknown = JSON.parse(list)
      if (Array.isArray(parsed)) return parsed.filter(isRecord).flatMap(toPropertyError)
    } catch {
      // Truncated or elided lists fall through to the pattern below.
    }
  }
  return [...message.matchAll(EMBEDDED_ITEM)].map((m) => ({ error: m[1] ?? '', name: m[2] ?? '' }))
}

function fromErrorList(body: Record<string, unknown>): PropertyError[] {
  const errors = Array.isArray(body.errors) ? body.errors : []
  return errors.filter(isRecord).flatMap((item) => {
    if (typeof item.code !== 'string') return []
    const listed = isRecord(item.context) ? item.context.propertyName : undefined
    const names = Array.isArray(listed)
      ? listed.filter((name): name is string => typeof name === 'string')
      : []
    const error = item.code
    return names.length === 0 ? [{ error }] : names.map((name) => ({ error, name }))
  })
}

/** Every property error in a HubSpot error body (embedded in `message` or listed in `errors[]`). */
export function propertyErrors(body: unknown): PropertyError[] {
  if (!isRecord(body)) return []
  const message = typeof body.message === 'string' ? fromEmbedded(body.message) : []
  return [...message, ...fromErrorList(body)]
}

/** The `context` objects of a body and of each of its `errors[]`. */
function contexts(body: Record<string, unknown>): Record<string, unknown>[] {
  const items = Array.isArray(body.errors) ? body.errors.filter(isRecord) : []
  return [body, ...items].map((item) => item.context).filter(isRecord)
}

/**
 * The field names the `context` of a body (or of its `errors[]`) is keyed by, HubSpot's
 * documented way to point at a field (`"context": { "eventName": ["This property is required"] }`,
 * https://developers.hubspot.com/docs/api-reference/error-handling). `properties.x` reads as `x`.
 */
export function contextFields(body: unknown): string[] {
  if (!isRecord(body)) return []
  return contexts(body).flatMap((context) =>
    Object.keys(context)
      .filter((key) => key !== 'propertyName')
      .map((key) => key.replace(/^properties\./, '')),
  )
}

/** The vendor code of an error item, else the body's sub-category, else a generic one. */
function codeOf(body: Record<string, unknown>): string {
  const items = Array.isArray(body.errors) ? body.errors.filter(isRecord) : []
  const code = items.map((item) => item.code).find((c) => typeof c === 'string' && c !== '400')
  if (typeof code === 'string') return code
  return typeof body.subCategory === 'string' ? body.subCategory : 'INVALID_VALUE'
}

const QUOTES = ['"', "'", '`'] as const

const messagesOf = (body: Record<string, unknown>): string[] => {
  const items = Array.isArray(body.errors) ? body.errors.filter(isRecord) : []
  return [body, ...items].map((item) => item.message).filter((m) => typeof m === 'string')
}

/**
 * The properties of `sent` an error body names, each with its error: from the embedded list and
 * `errors[].context.propertyName`, else from `context` keys, else from a message that quotes the
 * name. Only names in `sent` count, so a property is never left out on a guess about another.
 */
export function namedProperties(body: unknown, sent: readonly string[]): PropertyError[] {
  if (!isRecord(body)) return []
  const isSent = (name: string | undefined): name is string =>
    name !== undefined && sent.includes(name)
  const listed = propertyErrors(body).filter((e) => isSent(e.name))
  const keyed = contextFields(body)
    .filter(isSent)
    .map((name) => ({ error: codeOf(body), name }))
  const messages = messagesOf(body).map((m) => m.replaceAll('\\"', '"'))
  const quoted = sent
    .filter((name) => messages.some((m) => QUOTES.some((q) => m.includes(`${q}${name}${q}`))))
    .map((name) => ({ error: codeOf(body), name }))
  const found = listed.length > 0 ? listed : keyed.length > 0 ? keyed : quoted
  const seen = new Set<string>()
  return found.filter((e) => {
    const name = e.name ?? ''
    if (seen.has(name)) return false
    seen.add(name)
    return true
  })
}

/** The properties HubSpot says do not exist (`PROPERTY_DOESNT_EXIST`). */
export function missingProperties(body: unknown): string[] {
  return propertyErrors(body)
    .filter((e) => e.error === 'PROPERTY_DOESNT_EXIST' && e.name)
    .map((e) => e.name ?? '')
}

/** The contact id of a 409 `Contact already exists. Existing ID: N`. */
export function existingContactId(body: unknown): string | undefined {
  const message = valuesAtPath(body, 'message').find((m) => typeof m === 'string')
  return typeof message === 'string' ? /Existing ID: (\d+)/.exec(message)?.[1] : undefined
}

/** The per-input errors of a batch reply (a 207, or a 2xx that still lists errors). */
export function batchErrors(body: unknown): Record<string, unknown>[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return []
  return body.errors.filter(isRecord)
}

/** The number of failed inputs a batch reply declares. */
export function batchErrorCount(body: unknown): number {
  return isRecord(body) && typeof body.numErrors === 'number' ? body.numErrors : 0
}

/**
 * The HTTP status a standalone call would have answered for a batch error's `category`, so the
 * same rules classify both.
 */
export const CATEGORY_STATUS: Readonly<Record<string, number>> = {
  VALIDATION_ERROR: 400,
  INVALID_AUTHENTICATION: 401,
  EXPIRED_AUTHENTICATION: 401,
  MISSING_SCOPES: 403,
  OBJECT_NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITS: 429,
}

/**
 * Why a property HubSpot named is left out, by its error code
 * (https://developers.hubspot.com/docs/api-reference/error-handling); any other code is a value
 * HubSpot refused (`INVALID_OPTION`, `INVALID_INTEGER`, `INVALID_FLOAT`, `INVALID_BOOLEAN`, …).
 */
const DROP_REASONS: Readonly<Record<string, FieldDropReason>> = {
  PROPERTY_DOESNT_EXIST: 'unknown_property',
  INVALID_DATE: 'invalid_date',
  INVALID_DATETIME: 'invalid_date',
  INVALID_EMAIL: 'invalid_email',
  STRING_TOO_LONG: 'too_long',
  VALUE_TOO_LONG: 'too_long',
  MAX_LENGTH_EXCEEDED: 'too_long',
}

/** The bh_fields_dropped_total reason for a HubSpot property error code. */
export function dropReason(error: string): FieldDropReason {
  return DROP_REASONS[error] ?? (/TOO_LONG|LENGTH/.test(error) ? 'too_long' : 'invalid_value')
}

/**
 * The vendor's error code for the log line of an answer no rule knew: the first property error,
 * else the body's `subCategory`, else its `category`.
 */
export function vendorErrorCode(body: unknown): string | undefined {
  const [first] = propertyErrors(body)
  if (first) return first.error
  if (!isRecord(body)) return undefined
  const code = [body.subCategory, body.category].find((c) => typeof c === 'string')
  return typeof code === 'string' ? code : undefined
}
