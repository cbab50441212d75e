/**
 * The connector's HTTP client: core's keep-alive client with the private app's Bearer token, and
 * one call that never throws. Core's client already gives what a 25 s hook budget needs: a per-call
 * timeout told apart from the hook deadline (both destroy the request), no retries and no sleeps,
 * every status returned as a response (207s included) and transport failures as typed kinds.
 * @module
 */
import {
  type ConnectorEnv,
  classifyError,
  type HttpClient,
  type HttpRequest,
  type Result,
  type VendorResponse,
} from '@bubblehouse-hooks/core'
import type { HubspotOptions } from './options'

/** What one call gave: a vendor answer, or a transport failure already classified. */
export type CallResult =
  | { readonly response: VendorResponse; readonly error?: undefined }
  | { readonly response?: undefined; readonly error: Result }

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

/** Send one request under `signal`; a transport failure becomes a `failure` Result, never a throw. */
export async function call(
  http: HttpClient,
  request: Omit<HttpRequest, 'signal'>,
  signal: AbortSignal,
): Promise<CallResult> {
  try {
    return { response: await http.request({ ...request, signal }) }
  } catch (err) {
    return { error: classifyError(err) }
  }
}
