/**
 * The Mailchimp operations this connector performs, named after the SDK methods
 * (`lists.setListMember`, …) so a plan reads like the vendor's reference.
 * @module
 */

/** Every operation name a plan or an internal call can carry. */
export const OPERATIONS = {
  /** PUT member: create with `status_if_new`, or update merge fields. */
  setListMember: 'setListMember',
  /** PATCH member: update an existing member only (createMembers: false). */
  updateListMember: 'updateListMember',
  /** POST member tags. */
  updateListMemberTags: 'updateListMemberTags',
  /** POST member event. */
  createListMemberEvent: 'createListMemberEvent',
  /** GET the audience's merge fields (cache refresh, check, provision). */
  getListMergeFields: 'getListMergeFields',
  /** POST a merge field (provision). */
  addListMergeField: 'addListMergeField',
  /** GET the audience (check, and to tell a missing member from a missing list). */
  getList: 'getList',
  /** GET /ping (check). */
  ping: 'ping',
} as const

/** One operation name. */
export type Operation = (typeof OPERATIONS)[keyof typeof OPERATIONS]

/** The operations whose body carries `merge_fields` (and whose 200 body is a member). */
export const MEMBER_OPERATIONS: ReadonlySet<string> = new Set([
  OPERATIONS.setListMember,
  OPERATIONS.updateListMember,
])

const OPERATION_NAMES: ReadonlySet<string> = new Set(Object.values(OPERATIONS))

/** True when `name` is one of {@link OPERATIONS}. */
export function isOperation(name: string): name is Operation {
  return OPERATION_NAMES.has(name)
}
