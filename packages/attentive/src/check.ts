import {
  attemptRequest,
  type CheckReport,
  type HttpClient,
  type ProbeContext,
} from '@bubblehouse-hooks/core'
import { classifyAttentive } from './rules'

/**
 * A cheap authenticated probe: `GET /me` ("Make a call to this endpoint to test your unique
 * token", https://docs.attentivemobile.com/openapi/reference/tag/Test-Authentication), the call
 * Segment's Attentive destination uses as its auth test. It proves the key and the base URL; it
 * cannot prove the events:write and attributes:write scopes without writing.
 */
export async function checkAttentive(http: HttpClient, ctx: ProbeContext): Promise<CheckReport> {
  const answer = await attemptRequest(http, { method: 'GET', path: '/me' }, ctx.signal)
  if (answer.failure) {
    return { ok: false, code: answer.failure.code, message: answer.failure.reason }
  }
  const result = classifyAttentive(answer.response)
  if (result.outcome === 'sent') {
    return { ok: true, code: 'OK', message: 'Attentive accepted the API key' }
  }
  return { ok: false, code: result.code, message: result.reason }
}
