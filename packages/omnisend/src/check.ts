import {
  attemptRequest,
  type CheckReport,
  type HttpClient,
  type ProbeContext,
} from '@bubblehouse-hooks/core'
import { classifyOmnisend } from './rules'

/**
 * A cheap authenticated probe: `GET /brands/current`, the brand the key belongs to
 * (https://api-docs.omnisend.com/reference/get_brands-current). It proves the key, the version
 * header and the base URL; it cannot prove the write access to events and contacts without writing.
 */
export async function checkOmnisend(http: HttpClient, ctx: ProbeContext): Promise<CheckReport> {
  const answer = await attemptRequest(http, { method: 'GET', path: '/brands/current' }, ctx.signal)
  if (answer.failure)
    return { ok: false, code: answer.failure.code, message: answer.failure.reason }
  const result = classifyOmnisend(answer.response)
  if (result.outcome === 'sent') {
    return { ok: true, code: 'OK', message: 'Omnisend accepted the API key' }
  }
  const hint = answer.response.status === 403 ? ' (check reads the brand: brands.read)' : ''
  return { ok: false, code: result.code, message: `${result.reason}${hint}` }
}
