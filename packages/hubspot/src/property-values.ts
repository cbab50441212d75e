/**
 * Contact property values in the format HubSpot accepts for the property's type, read from the
 * cached property list. HubSpot takes `YYYY-MM-DD` for `date` properties and an ISO 8601 UTC
 * date-time for `datetime` ones; a `date` that is not midnight UTC is an error
 * (https://developers.hubspot.com/docs/api/faq, "How should I format timestamps for HubSpot's
 * APIs?"). A value that cannot be put in the property's format is left out before sending, with
 * its reason, instead of spending a call on a 400.
 * @module
 */
import { type FieldDropReason, isRfc3339, toIsoUtc } from '@bubblehouse-hooks/core'

/** A value in HubSpot's format, or why it is left out. */
export type Normalised =
  | { readonly value: string; readonly reason?: undefined }
  | { readonly value?: undefined; readonly reason: FieldDropReason }

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/
const EPOCH_MS = /^-?\d{1,15}$/
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const BOOLEANS: Readonly<Record<string, string>> = {
  true: 'true',
  false: 'false',
  '1': 'true',
  '0': 'false',
  yes: 'true',
  no: 'false',
}

const kept = (value: string): Normalised => ({ value })
const left = (reason: FieldDropReason): Normalised => ({ reason })

/** The instant a date or date-time value names, or undefined when it names none. */
function instant(raw: string): Date | undefined {
  const dateOnly = DATE_ONLY.exec(raw)
  const date = dateOnly
    ? new Date(`${raw}T00:00:00.000Z`)
    : isRfc3339(raw)
      ? new Date(toIsoUtc(raw))
      : EPOCH_MS.test(raw)
        ? new Date(Number(raw))
        : undefined
  if (!date || Number.isNaN(date.getTime())) return undefined
  // `new Date('2025-02-30T…')` rolls over to March: a date-only value must name a real day.
  if (dateOnly && date.toISOString().slice(0, 10) !== raw) return undefined
  return date
}

/** Per HubSpot property type: the value in its format. Types not listed are sent as they are. */
const BY_TYPE: Readonly<Record<string, (raw: string) => Normalised>> = {
  // The calendar day as written (a date-time's own offset decides its day; epoch ms are UTC),
  // sent as YYYY-MM-DD, HubSpot's midnight-UTC value for that day.
  date: (raw) => {
    const date = instant(raw)
    if (!date) return left('invalid_date')
    return kept(EPOCH_MS.test(raw) ? date.toISOString().slice(0, 10) : raw.slice(0, 10))
  },
  datetime: (raw) => {
    const date = instant(raw)
    return date ? kept(date.toISOString()) : left('invalid_date')
  },
  number: (raw) => {
    const trimmed = raw.trim()
    return NUMBER.test(trimmed) && Number.isFinite(Number(trimmed))
      ? kept(trimmed)
      : left('invalid_value')
  },
  bool: (raw) => {
    const value = BOOLEANS[raw.trim().toLowerCase()]
    return value ? kept(value) : left('invalid_value')
  },
}

/**
 * `raw` in the format HubSpot accepts for a property of `type`. An empty string clears a property
 * of any type and is kept.
 * @example
 * normaliseValue('date', '2025-03-01T12:30:00Z') // { value: '2025-03-01' }
 * normaliseValue('number', 'lots') // { reason: 'invalid_value' }
 */
export function normaliseValue(type: string | undefined, raw: string): Normalised {
  const rule = type === undefined ? undefined : BY_TYPE[type]
  return raw === '' || !rule ? kept(raw) : rule(raw)
}

/** Every property through {@link normaliseValue}: the values to send, and what is left out why. */
export function normaliseProperties(
  properties: Readonly<Record<string, string>>,
  types: ReadonlyMap<string, string> | undefined,
): { properties: Record<string, string>; dropped: Array<[FieldDropReason, string]> } {
  const out: Record<string, string> = {}
  const dropped: Array<[FieldDropReason, string]> = []
  for (const [name, raw] of Object.entries(properties)) {
    const normalised = normaliseValue(types?.get(name), raw)
    if (normalised.reason) dropped.push([normalised.reason, name])
    else out[name] = normalised.value
  }
  return { properties: out, dropped }
}
