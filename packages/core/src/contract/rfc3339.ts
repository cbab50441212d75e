/**
 * RFC 3339 date-times as Bubblehouse sends them: any offset, optional fraction, and second 60
 * (its own docs use the leap second `1990-12-31T23:59:60Z`, which `Date.parse` rejects).
 * @module
 */

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

// Proleptic Gregorian, by arithmetic: `Date.UTC` maps years 0–99 to 1900–1999 (1900 is no leap year).
const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)

/**
 * True when `value` is an RFC 3339 date-time with real calendar fields (month 1–12, a day that
 * exists in that month, hour ≤ 23, minute ≤ 59, second ≤ 60).
 * @example
 * isRfc3339('1990-12-31T23:59:60Z') // true
 * isRfc3339('2024-12-26 18:05:42') // false
 */
export function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12 || day < 1) return false
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!
  if (day > daysInMonth) return false
  if (hour > 23 || minute > 59 || second > 60) return false
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false
  return true
}

/**
 * The `Date` of an RFC 3339 string; a leap second (`:60`) becomes `:59` of the same minute.
 * @example
 * toDate('1990-12-31T23:59:60Z').toISOString() // '1990-12-31T23:59:59.000Z'
 */
export function toDate(value: string): Date {
  return new Date(value.replace(/:60(?=[.Zz+-])/, ':59'))
}

/** An RFC 3339 string normalised to UTC ISO 8601 with milliseconds (for vendors that demand it). */
export function toIsoUtc(value: string): string {
  return toDate(value).toISOString()
}
