/**
 * Merge field values in the shape each type wants. Mailchimp rejects a whole member write for one
 * badly typed value ("Your merge fields were invalid."), so values are coerced before sending.
 * https://mailchimp.com/developer/marketing/docs/merge-fields/#structure
 * @module
 */
import { type JsonValue, toVendorString } from '@bubblehouse-hooks/core'
import type { MergeFieldType } from './types'

type Coerce = (value: JsonValue) => JsonValue

const asText: Coerce = (value) => toVendorString(value)

const asNumber: Coerce = (value) => {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value)
  }
  return toVendorString(value)
}

/** Bubblehouse dates are `YYYY-MM-DD` or RFC 3339; Mailchimp date fields take the date part. */
const asDate: Coerce = (value) => {
  const text = toVendorString(value)
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : text
}

/** Birthday fields are `MM/DD`; Bubblehouse writes a birthday as `0000-MM-DD`. */
const asBirthday: Coerce = (value) => {
  const text = toVendorString(value)
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(text)
  return m ? `${m[1]}/${m[2]}` : text
}

/** An address is an object (addr1, city, state, zip); anything else is sent as text. */
const asAddress: Coerce = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? value
    : toVendorString(value)

const COERCE: Readonly<Record<MergeFieldType, Coerce>> = {
  text: asText,
  number: asNumber,
  address: asAddress,
  phone: asText,
  date: asDate,
  url: asText,
  imageurl: asText,
  radio: asText,
  dropdown: asText,
  birthday: asBirthday,
  zip: asText,
}

/**
 * A value coerced to a merge field type; `null` becomes `''`, which clears the field.
 * @example
 * toMergeValue('number', '120') // 120
 * toMergeValue('text', 120) // '120'
 */
export function toMergeValue(type: MergeFieldType, value: JsonValue): JsonValue {
  if (value === null) return ''
  return COERCE[type](value)
}

/** True when `type` is a merge field type this connector knows. */
export function isMergeFieldType(type: unknown): type is MergeFieldType {
  return typeof type === 'string' && Object.hasOwn(COERCE, type)
}
