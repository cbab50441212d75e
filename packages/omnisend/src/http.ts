/**
 * The connector's HTTP client: core's keep-alive client with Omnisend's key and pinned version
 * (calls go through core's `attemptRequest`, which never throws): no retries, no sleeps, no
 * redirects, a per-call timeout told apart from the hook deadline.
 * @module
 */
import type { ConnectorEnv, HttpClient } from '@bubblehouse-hooks/core'
import type { OmnisendOptionsOutput } from './options'
import { OMNISEND_API_VERSION } from './version'

/**
 * Core's client for one connector instance. Headers as the 2026-03-15 docs give them
 * (https://api-docs.omnisend.com/reference/authentication): `Authorization: Omnisend-API-Key …`
 * and `Omnisend-Version`; `content-type: application/json` is added by the client to every call
 * with a body.
 */
export function createOmnisendHttp(
  env: ConnectorEnv,
  options: Pick<OmnisendOptionsOutput, 'apiKey' | 'baseUrl' | 'timeoutMs'>,
): HttpClient {
  return env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: {
      authorization: `Omnisend-API-Key ${options.apiKey}`,
      'omnisend-version': OMNISEND_API_VERSION,
      accept: 'application/json',
    },
    timeoutMs: options.timeoutMs,
  })
}
