/**
 * The connector's HTTP client: core's keep-alive client with Basic auth, behind a cap of
 * `maxConcurrency` calls. The cap is our own limiter rather than the client's `maxConcurrency`
 * because of when the slot is freed: undici returns a socket to its pool only after the tick that
 * completes the body, so a call started right after another one finishes opens a second
 * connection. Measured on Node 20.20 (undici 6.24): 2 sockets for calls in a row, and twice the
 * cap under load. Freeing the slot one macrotask later keeps it at one socket per slot.
 * @module
 */
import { type ConnectorEnv, createLimiter, type HttpClient } from '@bubblehouse-hooks/core'
import { basicAuth } from './auth'

/** Options of {@link createMailchimpHttp}. */
export interface MailchimpHttpOptions {
  readonly baseUrl: string
  readonly apiKey: string
  readonly timeoutMs: number
  /** Most calls (and so sockets) at once; Mailchimp allows 10 connections per key. */
  readonly maxConcurrency: number
}

const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Core's client with Basic auth and Mailchimp's connection cap; see the module note. */
export function createMailchimpHttp(env: ConnectorEnv, options: MailchimpHttpOptions): HttpClient {
  const http = env.createHttpClient({
    baseUrl: options.baseUrl,
    headers: { authorization: basicAuth(options.apiKey) },
    timeoutMs: options.timeoutMs,
  })
  const limiter = createLimiter(options.maxConcurrency)
  return {
    baseUrl: http.baseUrl,
    request: (request) =>
      limiter.run(async () => {
        try {
          return await http.request(request)
        } finally {
          await nextMacrotask()
        }
      }),
  }
}
