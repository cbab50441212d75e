/**
 * Reading HubSpot error bodies (https://developers.hubspot.com/docs/api-reference/error-handling).
 * The property-level reason is often only inside `message`, as embedded JSON:
 * `Property values were not valid: [{"isValid":false,…,"error":"PROPERTY_DOESNT_EXIST","name":"x"}]`;
 * newer endpoints also list `errors[]` with a `code`. Both are read here.
 * @module
 */
import { valuesAtPath } from '@bubblehouse-hooks/core'

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
    const names = isRecord(item.context) ? item.context.propertyName : undefined
    const name = Array.isArray(names) && typeof names[0] === 'string' ? names[0] : undefined
    return [{ error: item.code, ...(name !== undefined ? { name } : {}) }]
  })
}

/** Every property error in a HubSpot error body (embedded in `message` or listed in `errors[]`). */
export function propertyErrors(body: unknown): PropertyError[] {
  if (!isRecord(body)) return []
  const message = typeof body.message === 'string' ? fromEmbedded(body.message) : []
  return [...message, ...fromErrorList(body)]
}

/** A rule predicate: the body names a property error with this code. */
export const hasPropertyError =
  (code: string) =>
  ({ body }: { body: unknown }): boolean =>
    propertyErrors(body).some((e) => e.error === code)

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
