/** The merge_fields object of a member write. @module */
import type { JsonObject, SendEvent1 } from '@bubblehouse-hooks/core'
import { toMergeValue } from '../merge-fields/coerce'
import type { MergeFieldMapping, MergeFieldSource } from '../merge-fields/types'

function sourceValue(event: SendEvent1, source: MergeFieldSource) {
  if (source.from === 'customer') return event.customer[source.key]
  const props = event.customer_props
  return props && Object.hasOwn(props, source.key) ? props[source.key] : undefined
}

/**
 * Merge tag → value for every mapped source the event carries. A source the event does not carry
 * is left out, so the member's stored value is kept, never cleared.
 */
export function mergeValues(event: SendEvent1, mappings: readonly MergeFieldMapping[]): JsonObject {
  const out: JsonObject = {}
  for (const mapping of mappings) {
    const value = sourceValue(event, mapping.source)
    if (value === undefined) continue
    out[mapping.tag] = toMergeValue(mapping.type, value)
  }
  return out
}
