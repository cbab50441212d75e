/**
 * The fetch transport, used when `HttpClientOptions.fetch` is given (tests, runtimes without
 * node:http): `AbortSignal.timeout` combined with the caller's signal, redirects not followed, the
 * body read as a stream and cut at `maxResponseBytes`.
 * @module
 */
import { type Transport, TransportError } from './transport'

/**
 * The body as UTF-8 text, read chunk by chunk: past `max` bytes (a `content-length` over it, or
 * the bytes read; fetch has already decoded gzip or br) the stream is cancelled and the call fails.
 */
async function readText(res: Response, max: number): Promise<string> {
  if (!res.body) return ''
  if (Number(res.headers.get('content-length')) > max) {
    await res.body.cancel()
    throw new TransportError('VENDOR_RESPONSE_TOO_LARGE')
  }
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > max) {
      await reader.cancel()
      throw new TransportError('VENDOR_RESPONSE_TOO_LARGE')
    }
    text += decoder.decode(value, { stream: true })
  }
}

/**
 * A {@link Transport} over `doFetch`. `close` has nothing to release: the fetch owns its
 * connections.
 */
export function createFetchTransport(doFetch: typeof fetch): Transport {
  return {
    async send(req) {
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
        const text = await readText(res, req.maxResponseBytes)
        const headers: Record<string, string> = {}
        res.headers.forEach((value, name) => {
          headers[name] = value
        })
        return { status: res.status, headers, text }
      } catch (err) {
        if (err instanceof TransportError) throw err
        // Which signal fired decides between our per-call timeout and the caller's deadline.
        if (req.signal?.aborted) throw new TransportError('DEADLINE_EXCEEDED')
        if (timeout.aborted) throw new TransportError('TIMEOUT')
        throw err
      }
    },
    close: async () => {},
  }
}
