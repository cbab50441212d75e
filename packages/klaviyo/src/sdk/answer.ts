import type { VendorResponse } from '@bubblehouse-hooks/core'

/** The part of an axios response that classification needs. */
interface HttpAnswer {
  readonly status: number
  readonly headers?: unknown
  readonly data?: unknown
}

function isHttpAnswer(value: unknown): value is HttpAnswer {
  return (
    value !== null &&
    typeof value === 'object' &&
    'status' in value &&
    typeof value.status === 'number'
  )
}

function headerRecord(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (headers === null || typeof headers !== 'object') return out
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' || typeof value === 'number') {
      out[name.toLowerCase()] = String(value)
    } else if (Array.isArray(value)) {
      out[name.toLowerCase()] = value.join(', ')
    }
  }
  return out
}

/**
 * The HTTP answer held by what an SDK call resolved with (`{ response, body }`) or threw (an
 * AxiosError's `response`), as core's {@link VendorResponse}; `undefined` when there is none (a
 * transport failure). Only status, headers and body are taken out: an AxiosError also carries the
 * API key in `config`, so the error itself is never logged or rethrown.
 */
export function responseOf(value: unknown): VendorResponse | undefined {
  if (value === null || typeof value !== 'object' || !('response' in value)) return undefined
  const answer = value.response
  if (!isHttpAnswer(answer)) return undefined
  return {
    status: answer.status,
    headers: headerRecord(answer.headers),
    body: answer.data === '' || answer.data === null ? undefined : answer.data,
  }
}
