/**
 * The connector's HTTP client: core's keep-alive client with Attentive's bearer token (calls go
 * through core's `attemptRequest`, which never throws): no retries, no sleeps, no redirects, a
 * per-call timeout told apart from the hook deadline.
 * @module
 */
import type { ConnectorEnv, HttpClient } from '@bubblehouse-hooks/core'
import type { AttentiveOptionsOutput } from './options'

/**
 * Core's client for one connector instance: "all API requests are authenticated using bearer
 * tokens" (https://docs.attentivemobile.com/openapi/reference/tag/Test-Authentication);
 * `content-type: application/json` is added by the client to every call with a body.
 */
export function createAttentiveHttp(
  env: ConnectorEnv,
  options: Pick<AttentiveOptionsOutput, 'apiKey' | 'baseUrl' | 'timeoutMs'>,
): HttpClient {
  return env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' },
    timeoutMs: options.timeoutMs,
  })
}
