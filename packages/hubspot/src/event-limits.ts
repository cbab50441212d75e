/**
 * HubSpot's limits on custom behavioural event property values: URL and referrer properties take
 * up to 200 characters, all others up to 50; over a limit, an HTTP request fails (HubSpot's JS API
 * truncates instead)
 * (https://developers.hubspot.com/changelog/new-property-limits-for-the-custom-behavioural-events-api).
 * Deliver cuts values to their limit before sending, and counts every cut.
 * @module
 */

/** The limit of an event property value. */
export const MAX_EVENT_VALUE_LENGTH = 50

/** The limit of a URL or referrer event property value. */
export const MAX_URL_VALUE_LENGTH = 200

/** URL and referrer properties by name: HubSpot's `hs_url`, `hs_referrer`, and `*_url` ones. */
const URL_LIKE = /(^|_)(url|referrer)(_|$)/

/**
 * The value limit of the event property `name`.
 * @example
 * eventValueLimit('hs_url') // 200
 * eventValueLimit('tier') // 50
 */
export function eventValueLimit(name: string): number {
  return URL_LIKE.test(name) ? MAX_URL_VALUE_LENGTH : MAX_EVENT_VALUE_LENGTH
}

/** Cut a value to `max` UTF-16 units without splitting a surrogate pair. */
export function truncateValue(value: string, max: number): string {
  if (value.length <= max) return value
  const cut = value.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}

/** Every value cut to its property's limit, and the names of the properties that were cut. */
export function cutToLimits(properties: Readonly<Record<string, string>>): {
  properties: Record<string, string>
  cut: string[]
} {
  const out: Record<string, string> = {}
  const cut: string[] = []
  for (const [name, value] of Object.entries(properties)) {
    out[name] = truncateValue(value, eventValueLimit(name))
    if (out[name] !== value) cut.push(name)
  }
  return { properties: out, cut }
}
