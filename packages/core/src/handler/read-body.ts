/** Read a request body with a byte limit and a time limit, without buffering past the limit. @module */

/** Why a body could not be read. */
export type BodyReadFailure = 'too_large' | 'timeout' | 'aborted'

/** The body bytes, or why there are none. */
export type BodyReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly reason: BodyReadFailure }

/**
 * Read at most `limit` bytes; stop (and cancel the stream) as soon as the limit is passed or
 * `timeoutMs` elapses.
 */
export async function readBody(
  request: Request,
  limit: number,
  timeoutMs: number,
): Promise<BodyReadResult> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > limit) return { ok: false, reason: 'too_large' }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) }
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut])
      if (next === 'timeout') {
        reader.cancel().catch(() => undefined)
        return { ok: false, reason: 'timeout' }
      }
      if (next.done) break
      size += next.value.byteLength
      if (size > limit) {
        reader.cancel().catch(() => undefined)
        return { ok: false, reason: 'too_large' }
      }
      chunks.push(next.value)
    }
  } catch {
    return { ok: false, reason: 'aborted' }
  } finally {
    clearTimeout(timer)
  }
  if (chunks.length === 1) return { ok: true, bytes: chunks[0]! }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return { ok: true, bytes }
}
