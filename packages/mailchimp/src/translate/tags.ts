/**
 * Member tags from customer_props (e.g. the tier), optional. Tag writes are idempotent and sent
 * with `is_syncing: true`, so they never fire tag-based automations on each event; events do that.
 * https://mailchimp.com/developer/marketing/api/list-member-tags/add-or-remove-member-tags/
 * @module
 */
import { type JsonObject, type PlannedRequest, toVendorString } from '@bubblehouse-hooks/core'
import { OPERATIONS } from '../operations'
import { memberPath } from '../paths'

/** One configured tag source. */
export interface TagSpec {
  readonly prop: string
  readonly prefix: string
  readonly values: readonly string[]
}

/** Mailchimp's limit on a tag name. */
const MAX_TAG_LENGTH = 100

/** The tag changes an event implies: its value active, the other known values inactive. */
export function tagChanges(
  props: Readonly<JsonObject> | undefined,
  specs: readonly TagSpec[],
): JsonObject[] {
  const out: JsonObject[] = []
  for (const spec of specs) {
    const raw = props && Object.hasOwn(props, spec.prop) ? props[spec.prop] : undefined
    if (raw === undefined || raw === null) continue
    const value = toVendorString(raw).trim()
    if (value === '') continue
    const name = `${spec.prefix}${value}`
    if (name.length > MAX_TAG_LENGTH) continue
    out.push({ name, status: 'active' })
    for (const other of spec.values) {
      if (other !== value) out.push({ name: `${spec.prefix}${other}`, status: 'inactive' })
    }
  }
  return out
}

/** POST …/tags, or `undefined` when the event sets no tag. */
export function tagsRequest(
  listId: string,
  hash: string,
  props: Readonly<JsonObject> | undefined,
  specs: readonly TagSpec[],
): PlannedRequest | undefined {
  const tags = tagChanges(props, specs)
  if (tags.length === 0) return undefined
  return {
    operation: OPERATIONS.updateListMemberTags,
    method: 'POST',
    path: `${memberPath(listId, hash)}/tags`,
    body: { tags, is_syncing: true },
  }
}
