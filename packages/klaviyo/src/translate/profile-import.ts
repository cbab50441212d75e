import type { JsonObject, PlannedRequest } from '@bubblehouse-hooks/core'

/**
 * `POST /api/profile-import`: create or update one profile. Fields left out stay unchanged
 * (https://developers.klaviyo.com/en/reference/create_or_update_profile).
 */
export function profileImportRequest(profile: JsonObject): PlannedRequest {
  return {
    operation: 'createOrUpdateProfile',
    method: 'POST',
    path: '/api/profile-import',
    body: { data: { type: 'profile', attributes: profile } },
  }
}
