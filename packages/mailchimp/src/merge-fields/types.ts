/** Merge field tags and types, as Mailchimp defines them. @module */
import { z } from 'zod'

/**
 * Merge field types Mailchimp accepts when a field is created.
 * https://mailchimp.com/developer/marketing/api/list-merges/add-merge-field/
 */
export const MERGE_FIELD_TYPES = [
  'text',
  'number',
  'address',
  'phone',
  'date',
  'url',
  'imageurl',
  'radio',
  'dropdown',
  'birthday',
  'zip',
] as const

/** One merge field type. */
export type MergeFieldType = (typeof MERGE_FIELD_TYPES)[number]

/** Upper-case letters, digits and `_`, starting with a letter, at most 10 characters. */
export const MERGE_TAG = /^[A-Z][A-Z0-9_]{0,9}$/

/** A merge tag, as the options accept it. */
export const MergeTagSchema = z
  .string()
  .regex(
    MERGE_TAG,
    'must be upper case letters, digits or _, start with a letter, at most 10 characters (e.g. BH_POINTS)',
  )

/** A merge field the connector writes: its tag, its type and the label `provision` gives it. */
export interface MergeFieldSpec {
  readonly tag: string
  readonly type: MergeFieldType
  readonly name: string
}

/** Where a merge field's value comes from. */
export type MergeFieldSource =
  | { readonly from: 'customer_props'; readonly key: string }
  | { readonly from: 'customer'; readonly key: 'first_name' | 'last_name' }

/** A resolved mapping entry: a source and the merge field it fills. */
export interface MergeFieldMapping extends MergeFieldSpec {
  readonly source: MergeFieldSource
}
