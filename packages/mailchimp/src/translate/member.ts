/**
 * The member write every event starts with. Consent-safe by construction: the body carries
 * `status_if_new` (applied only when Mailchimp creates the member) and never `status`, so an
 * existing member's subscription is never changed.
 * https://mailchimp.com/developer/marketing/api/list-members/add-or-update-list-member/
 * @module
 */
import type { JsonObject, PlannedRequest } from '@bubblehouse-hooks/core'
import { OPERATIONS } from '../operations'
import { memberPath } from '../paths'

/** What the member write needs from the settings. */
export interface MemberSettings {
  readonly listId: string
  readonly statusIfNew: string
  readonly createMembers: boolean
  readonly skipMergeValidation: boolean
}

/**
 * createMembers (default): PUT, which creates the member with `status_if_new` or updates it.
 * createMembers false: PATCH, which only updates an existing member (404 when absent).
 */
export function memberRequest(
  email: string,
  hash: string,
  mergeFields: JsonObject,
  settings: MemberSettings,
): PlannedRequest {
  const path = memberPath(settings.listId, hash)
  const query = settings.skipMergeValidation ? { skip_merge_validation: 'true' } : undefined
  if (!settings.createMembers) {
    // https://mailchimp.com/developer/marketing/api/list-members/update-list-member/
    return {
      operation: OPERATIONS.updateListMember,
      method: 'PATCH',
      path,
      ...(query ? { query } : {}),
      body: { merge_fields: mergeFields },
    }
  }
  return {
    operation: OPERATIONS.setListMember,
    method: 'PUT',
    path,
    ...(query ? { query } : {}),
    body: { email_address: email, status_if_new: settings.statusIfNew, merge_fields: mergeFields },
  }
}
