/**
 * Read an audience's merge fields. The list is paginated with `count` defaulting to 10, so ask
 * for the maximum (1000) or a bigger audience looks incomplete.
 * https://mailchimp.com/developer/marketing/api/list-merges/list-merge-fields/
 * @module
 */
import { attemptRequest, type HttpClient, type Result } from '@bubblehouse-hooks/core'
import { classify } from '../call'
import { OPERATIONS } from '../operations'
import { mergeFieldsPath } from '../paths'
import { rulesFor } from '../rules'

/** Merge tag → type, as the audience has them. */
export type KnownMergeFields = ReadonlyMap<string, string>

/** The fields read, or why the read failed (never a guess). */
export type MergeFieldsRead =
  | { readonly ok: true; readonly fields: KnownMergeFields }
  | { readonly ok: false; readonly result: Result }

const UNEXPECTED_BODY: Result = {
  outcome: 'failure',
  code: 'MAILCHIMP_UNEXPECTED_BODY',
  reason: 'the merge-fields answer had no merge_fields list',
}

function hasMergeFieldList(body: unknown): body is { merge_fields: unknown[] } {
  return (
    body !== null &&
    typeof body === 'object' &&
    'merge_fields' in body &&
    Array.isArray(body.merge_fields)
  )
}

function tagAndType(item: unknown): [string, string] | undefined {
  if (item === null || typeof item !== 'object') return undefined
  if (!('tag' in item) || typeof item.tag !== 'string') return undefined
  const type = 'type' in item && typeof item.type === 'string' ? item.type : 'text'
  return [item.tag, type]
}

/** GET the audience's merge fields (tag and type only). */
export async function readMergeFields(
  http: HttpClient,
  listId: string,
  signal: AbortSignal,
  now: number,
): Promise<MergeFieldsRead> {
  const answer = await attemptRequest(
    http,
    {
      method: 'GET',
      path: mergeFieldsPath(listId),
      query: { count: '1000', fields: 'merge_fields.tag,merge_fields.type,total_items' },
    },
    signal,
  )
  if (answer.failure) return { ok: false, result: answer.failure }
  const verdict = classify(answer.response, rulesFor(OPERATIONS.getListMergeFields), now)
  if (verdict.outcome !== 'sent') return { ok: false, result: verdict }
  const body = answer.response.body
  if (!hasMergeFieldList(body)) return { ok: false, result: UNEXPECTED_BODY }
  const fields = new Map<string, string>()
  for (const item of body.merge_fields) {
    const entry = tagAndType(item)
    if (entry) fields.set(entry[0], entry[1])
  }
  return { ok: true, fields }
}
