/** Resolve the merge-field options into one list of (source → merge field). @module */
import { DEFAULT_MERGE_FIELDS } from './defaults'
import type { MergeFieldMapping, MergeFieldType } from './types'

/** The option shapes this module reads (a subset of the connector options). */
export interface MergeFieldOptions {
  readonly mergeFields: Readonly<
    Record<string, string | { tag: string; type: MergeFieldType; name?: string | undefined } | null>
  >
  readonly firstNameTag: string | null
  readonly lastNameTag: string | null
}

/**
 * The defaults with the options merged over them (a tag string means a text field, `null` drops
 * the key), then the name fields.
 * @example
 * resolveMergeFields({ mergeFields: { BH_MagicLink: null }, firstNameTag: 'FNAME', lastNameTag: null })
 */
export function resolveMergeFields(options: MergeFieldOptions): MergeFieldMapping[] {
  const out: MergeFieldMapping[] = []
  const keys = new Set([...Object.keys(DEFAULT_MERGE_FIELDS), ...Object.keys(options.mergeFields)])
  for (const key of keys) {
    const option = Object.hasOwn(options.mergeFields, key) ? options.mergeFields[key] : undefined
    const source = { from: 'customer_props', key } as const
    if (option === null) continue
    if (option === undefined) {
      const spec = DEFAULT_MERGE_FIELDS[key]
      if (spec) out.push({ ...spec, source })
    } else if (typeof option === 'string') {
      out.push({ tag: option, type: 'text', name: option, source })
    } else {
      out.push({ tag: option.tag, type: option.type, name: option.name ?? option.tag, source })
    }
  }
  if (options.firstNameTag) {
    const tag = options.firstNameTag
    out.push({
      tag,
      type: 'text',
      name: 'First Name',
      source: { from: 'customer', key: 'first_name' },
    })
  }
  if (options.lastNameTag) {
    const tag = options.lastNameTag
    out.push({
      tag,
      type: 'text',
      name: 'Last Name',
      source: { from: 'customer', key: 'last_name' },
    })
  }
  return out
}

/** Tags that more than one source writes (a config mistake: one would overwrite the other). */
export function duplicateTags(mappings: readonly MergeFieldMapping[]): string[] {
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const { tag } of mappings) {
    if (seen.has(tag)) duplicates.add(tag)
    seen.add(tag)
  }
  return [...duplicates]
}
