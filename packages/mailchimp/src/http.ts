/**
 * The connector's HTTP client: core's keep-alive client with Basic auth and a cap of
 * `maxConcurrency` calls; core's agent caps sockets at the same number.
 * @module
 */
import type { ConnectorEnv, HttpClient } from '@bubblehouse-hooks/core'
import { basicAuth } from './auth'

/** Options of {@link createMailchimpHttp}. */
export interface MailchimpHttpOptions {
  readonly baseUrl: string
  readonly apiKey: string
  readonly timeoutMs: number
  /** Most calls (and so sockets) at once; Mailchimp allows 10 connections per key. */
  readonly maxConcurrency: number
}

/** Core's client with Basic auth and Mailchimp's connection cap. */
export function createMailchimpHttp(env: ConnectorEnv, options: MailchimpHttpOptions): HttpClient {
  return env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: basicAuth(options.apiKey) },
    timeoutMs: options.timeoutMs,
    maxConcurrency: options.maxConcurrency,
  })
}
