/**
 * The fetch transport, used when `HttpClientOptions.fetch` is given (tests, runtimes without
 * node:http): `AbortSignal.timeout` combined with the caller's signal, redirects not followed.
 * @module
 */
import { type Transport, TransportError } from './transport'

/** A {@link Transport} over `doFetch`. */
export function createFetchTransport(doFetch: typeof fetch): Transport {
  return async (req) => {
    const timeout = AbortSignal.timeout(req.timeoutMs)
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout
    try {
      const res = await doFetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
        redirect: 'manual',
      })
      const text = await res.text()
      const headers: Record<string, string> = {}
      res.headers.forEach((value, name) => {
        headers[name] = value
      })
      return { status: res.status, headers, text }
    } catch (err) {
      // Which signal fired decides between our per-call timeout and the caller's deadline.
      if (req.signal?.aborted) throw new TransportError('DEADLINE_EXCEEDED')
      if (timeout.aborted) throw new TransportError('TIMEOUT')
      throw err
    }
  }
}
