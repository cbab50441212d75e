/**
 * `check`: can this API key reach Mailchimp, and is the audience there? GET /ping, then
 * GET /lists/{listId}, then the merge fields (a missing mapped tag is reported, not fatal).
 * @module
 */
import {
  attemptRequest,
  type CheckReport,
  type HttpClient,
  type ProbeContext,
} from '@bubblehouse-hooks/core'
import { classify } from './call'
import { readMergeFields } from './merge-fields/read'
import type { MergeFieldSpec } from './merge-fields/types'
import { OPERATIONS } from './operations'
import { listPath, PING_PATH } from './paths'
import { rulesFor } from './rules'

/** What `check` works with. */
export interface CheckDeps {
  readonly http: HttpClient
  readonly listId: string
  readonly mergeFields: readonly MergeFieldSpec[]
  readonly now: () => number
}

function listName(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('name' in body)) return undefined
  return typeof body.name === 'string' ? body.name : undefined
}

/** Probe Mailchimp with the connector's own client (so its auth and base URL are what is tested). */
export async function checkMailchimp(ctx: ProbeContext, deps: CheckDeps): Promise<CheckReport> {
  const where = deps.http.baseUrl
  const ping = await attemptRequest(deps.http, { method: 'GET', path: PING_PATH }, ctx.signal)
  if (ping.failure) {
    return { ok: false, code: ping.failure.code, message: `${where}: ${ping.failure.reason}` }
  }
  const pinged = classify(ping.response, rulesFor(OPERATIONS.ping), deps.now())
  if (pinged.outcome !== 'sent') {
    return { ok: false, code: pinged.code, message: `${where}: ${pinged.reason}` }
  }

  const list = await attemptRequest(
    deps.http,
    { method: 'GET', path: listPath(deps.listId), query: { fields: 'id,name' } },
    ctx.signal,
  )
  if (list.failure) return { ok: false, code: list.failure.code, message: list.failure.reason }
  const listed = classify(list.response, rulesFor(OPERATIONS.getList), deps.now())
  if (listed.code === 'MAILCHIMP_LIST_NOT_FOUND') {
    return {
      ok: false,
      code: listed.code,
      message: `audience "${deps.listId}" is not in this Mailchimp account: set listId to the Audience ID (Audience → Settings → Audience name and defaults)`,
    }
  }
  if (listed.outcome !== 'sent') return { ok: false, code: listed.code, message: listed.reason }

  const fields = await readMergeFields(deps.http, deps.listId, ctx.signal, deps.now())
  if (!fields.ok) return { ok: false, code: fields.result.code, message: fields.result.reason }
  const missing = [...new Set(deps.mergeFields.map((f) => f.tag))].filter(
    (tag) => !fields.fields.has(tag),
  )
  const name = listName(list.response.body)
  const audience = name ? `audience "${name}" (${deps.listId})` : `audience ${deps.listId}`
  return {
    ok: true,
    code: 'OK',
    message:
      missing.length === 0
        ? `Mailchimp reachable; ${audience} has every mapped merge field`
        : `Mailchimp reachable; ${audience} lacks merge tags ${missing.join(', ')}: their values are not sent until provision creates them`,
  }
}
