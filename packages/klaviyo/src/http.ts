/**
 * The connector's HTTP client: core's keep-alive client with Klaviyo's key and pinned revision
 * (calls go through core's `attemptRequest`, which never throws). Core's client already gives what a 25 s hook budget needs: a per-call
 * timeout told apart from the hook deadline (both destroy the request), no retries, no sleeps and
 * no redirects, every status returned as a response and transport failures as typed kinds.
 * @module
 */
import type { ConnectorEnv, HttpClient } from '@bubblehouse-hooks/core'
import type { KlaviyoOptionsOutput } from './options'
import { KLAVIYO_REVISION } from './version'

/**
 * Core's client for one connector instance: its base URL, key and timeout. Headers as Klaviyo
 * documents them (https://developers.klaviyo.com/en/reference/api_overview); `content-type:
 * application/json` is added by the client to every call with a body.
 */
export function createKlaviyoHttp(
  env: ConnectorEnv,
  options: Pick<KlaviyoOptionsOutput, 'apiKey' | 'baseUrl' | 'timeoutMs'>,
): HttpClient {
  return env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: {
      authorization: `Klaviyo-API-Key ${options.apiKey}`,
      revision: KLAVIYO_REVISION,
      accept: 'application/vnd.api+json',
    },
    timeoutMs: options.timeoutMs,
  })
}
