import {
  type CheckReport,
  type ClassifyRule,
  classifyResponse,
  type ProbeContext,
} from '@bubblehouse-hooks/core'
import type { KlaviyoClient } from './sdk/client'

/**
 * A cheap authenticated probe: `GET /api/accounts` (scope accounts:read). It proves the key and
 * the base URL; it cannot prove the write scopes without writing.
 */
export async function checkKlaviyo(
  client: KlaviyoClient,
  rules: readonly ClassifyRule[],
  ctx: ProbeContext,
): Promise<CheckReport> {
  const answer = await client.probe(ctx.signal)
  if (answer.kind === 'error') {
    return { ok: false, code: answer.result.code, message: answer.result.reason }
  }
  const result = classifyResponse(answer.response, rules)
  if (result.outcome === 'sent') {
    return { ok: true, code: 'OK', message: 'Klaviyo accepted the API key' }
  }
  const hint = answer.response.status === 403 ? ' (check needs the accounts:read scope)' : ''
  return { ok: false, code: result.code, message: `${result.reason}${hint}` }
}
