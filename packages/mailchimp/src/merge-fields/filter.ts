/** Pure edits of a planned member write's merge_fields. @module */
import type { JsonObject, JsonValue, PlannedRequest } from '@bubblehouse-hooks/core'
import { isMergeFieldType, toMergeValue } from './coerce'
import type { KnownMergeFields } from './read'

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** The merge_fields of a member write's body, or `{}`. */
export function mergeFieldsOf(request: PlannedRequest): JsonObject {
  const body = request.body
  if (!isJsonObject(body)) return {}
  const fields = body.merge_fields
  return isJsonObject(fields) ? fields : {}
}

function withMergeFields(request: PlannedRequest, mergeFields: JsonObject): PlannedRequest {
  const body = isJsonObject(request.body) ? request.body : {}
  return { ...request, body: { ...body, merge_fields: mergeFields } }
}

/**
 * Keep only the tags the audience has, each coerced to the audience's type for it.
 * @example
 * keepKnownMergeFields(put, new Map([['BH_POINTS', 'number']])) // { request, dropped: ['BH_TIER'] }
 */
export function keepKnownMergeFields(
  request: PlannedRequest,
  known: KnownMergeFields,
): { request: PlannedRequest; dropped: string[] } {
  const kept: JsonObject = {}
  const dropped: string[] = []
  for (const [tag, value] of Object.entries(mergeFieldsOf(request))) {
    const type = known.get(tag)
    if (type === undefined) dropped.push(tag)
    else kept[tag] = isMergeFieldType(type) ? toMergeValue(type, value) : value
  }
  return { request: withMergeFields(request, kept), dropped }
}

/** The same write without `tags`. */
export function withoutMergeFields(
  request: PlannedRequest,
  tags: readonly string[],
): PlannedRequest {
  const kept: JsonObject = {}
  for (const [tag, value] of Object.entries(mergeFieldsOf(request))) {
    if (!tags.includes(tag)) kept[tag] = value
  }
  return withMergeFields(request, kept)
}

/**
 * The sent merge tags that an "Invalid Resource" answer names in `errors[].field` (`LTV` or
 * `merge_fields.LTV`). Empty when the errors are about something else.
 */
export function rejectedMergeTags(body: unknown, sent: JsonObject): string[] {
  if (body === null || typeof body !== 'object' || !('errors' in body)) return []
  const errors = body.errors
  if (!Array.isArray(errors)) return []
  const tags = new Set<string>()
  for (const error of errors) {
    if (error === null || typeof error !== 'object' || !('field' in error)) continue
    if (typeof error.field !== 'string') continue
    const tag = error.field.replace(/^merge_fields\./, '')
    if (Object.hasOwn(sent, tag)) tags.add(tag)
  }
  return [...tags]
}
