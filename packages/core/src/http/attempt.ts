/** One vendor call that never throws: the answer, or the transport failure as a Result. @module */
import { classifyError } from '../classify/network'
import type { Result } from '../outcome'
import type { HttpClient, HttpRequest, HttpResponse } from './client'

/** What one call gave: the vendor's answer (any status), or a transport failure already classified. */
export type HttpAttempt =
  | { readonly response: HttpResponse; readonly failure?: undefined }
  | { readonly response?: undefined; readonly failure: Result }

/**
 * Send one request under `signal` (the hook deadline). Every HTTP status is a `response` for the
 * connector's rules; a refused, reset, timed-out or aborted call is a `failure` Result (never
 * rethrown, and holding no URL, header or body).
 * @example
 * const answer = await attemptRequest(http, { method: 'POST', path: '/v1/batch', body }, signal)
 * if (answer.failure) return answer.failure
 * return classifyResponse(answer.response, RULES, Date.now())
 */
export async function attemptRequest(
  http: HttpClient,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<HttpAttempt> {
  try {
    return { response: await http.request({ ...request, signal }) }
  } catch (err) {
    return { failure: classifyError(err) }
  }
}
