import {
  attemptRequest,
  type CheckReport,
  type ClassifyRule,
  classifyResponse,
  type HttpClient,
  type ProbeContext,
} from '@bubblehouse-hooks/core'

/**
 * A cheap authenticated probe: `GET /api/accounts` (scope accounts:read), asking only for the
 * account id (https://developers.klaviyo.com/en/reference/get_accounts). It proves the key and
 * the base URL; it cannot prove the write scopes without writing.
 */
export async function checkKlaviyo(
  http: HttpClient,
  rules: readonly ClassifyRule[],
  ctx: ProbeContext,
): Promise<CheckReport> {
  const answer = await attemptRequest(
    http,
    { method: 'GET', path: '/api/accounts', query: { 'fields[account]': 'id' } },
    ctx.signal,
  )
  if (answer.failure)
    return { ok: false, code: answer.failure.code, message: answer.failure.reason }
  const result = classifyResponse(answer.response, rules)
  if (result.outcome === 'sent') {
    return { ok: true, code: 'OK', message: 'Klaviyo accepted the API key' }
  }
  const hint = answer.response.status === 403 ? ' (check needs the accounts:read scope)' : ''
  return { ok: false, code: result.code, message: `${result.reason}${hint}` }
}
