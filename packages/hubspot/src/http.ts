/**
 * The connector's HTTP client: core's keep-alive client with the private app's Bearer token (calls
 * go through core's `attemptRequest`, which never throws). Core's client already gives what a 25 s hook budget needs: a per-call
 * timeout told apart from the hook deadline (both destroy the request), no retries and no sleeps,
 * every status returned as a response (207s included) and transport failures as typed kinds.
 * @module
 */
import type { ConnectorEnv, HttpClient } from '@bubblehouse-hooks/core'
import type { HubspotOptions } from './options'

/** Core's client for one connector instance: its base URL, token and timeout. */
export function createHubspotHttp(
  env: ConnectorEnv,
  options: Pick<HubspotOptions, 'accessToken' | 'baseUrl' | 'timeoutMs'>,
): HttpClient {
  return env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.accessToken}` },
    timeoutMs: options.timeoutMs,
  })
}
