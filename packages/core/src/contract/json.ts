/** JSON values, as they come out of `JSON.parse`. @module */

/** Any JSON value. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue }

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue }

/** True for a plain object (not an array, not null), e.g. a vendor's error body. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** True for a JSON object (not an array, not null). */
export const isJsonObject = (value: JsonValue | undefined): value is JsonObject => isRecord(value)
