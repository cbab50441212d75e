/**
 * Classify thrown errors (core's client, fetch, sockets, or an HTTP library a third-party connector
 * uses) without printing them: a raw library error can carry auth headers. Every network problem
 * would hit every event, so all are `failure`; only the code says which.
 * @module
 */
import type { Result } from '../outcome'

/**
 * The kinds of transport failure core tells apart. `VENDOR_RESPONSE_TOO_LARGE`: the body passed
 * the HTTP client's `maxResponseBytes`, so it was not read.
 */
export type NetworkErrorKind =
  | 'NETWORK_DNS'
  | 'NETWORK_REFUSED'
  | 'NETWORK_RESET'
  | 'NETWORK_TLS'
  | 'TIMEOUT'
  | 'DEADLINE_EXCEEDED'
  | 'NETWORK_ERROR'
  | 'VENDOR_RESPONSE_TOO_LARGE'

/** Error `code` values (Node, undici, axios) → kind. */
const CODE_KINDS: Readonly<Record<string, NetworkErrorKind>> = {
  ENOTFOUND: 'NETWORK_DNS',
  EAI_AGAIN: 'NETWORK_DNS',
  EAI_FAIL: 'NETWORK_DNS',
  EAI_NONAME: 'NETWORK_DNS',
  ECONNREFUSED: 'NETWORK_REFUSED',
  ECONNRESET: 'NETWORK_RESET',
  EPIPE: 'NETWORK_RESET',
  UND_ERR_SOCKET: 'NETWORK_RESET',
  UND_ERR_CLOSED: 'NETWORK_RESET',
  ERR_STREAM_PREMATURE_CLOSE: 'NETWORK_RESET',
  // node:https: a TLS record the client could not read (e.g. a plain-HTTP port).
  EPROTO: 'NETWORK_TLS',
  ETIMEDOUT: 'TIMEOUT',
  ESOCKETTIMEDOUT: 'TIMEOUT',
  ECONNABORTED: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  ERR_CANCELED: 'DEADLINE_EXCEEDED',
  ABORT_ERR: 'DEADLINE_EXCEEDED',
  EHOSTUNREACH: 'NETWORK_ERROR',
  ENETUNREACH: 'NETWORK_ERROR',
}

/** Error `name` values → kind. */
const NAME_KINDS: Readonly<Record<string, NetworkErrorKind>> = {
  TimeoutError: 'TIMEOUT',
  AbortError: 'DEADLINE_EXCEEDED',
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/

const REASONS: Readonly<Record<NetworkErrorKind, string>> = {
  NETWORK_DNS: 'the vendor host name did not resolve',
  NETWORK_REFUSED: 'the vendor refused the connection',
  NETWORK_RESET: 'the connection to the vendor was reset',
  NETWORK_TLS: 'TLS handshake with the vendor failed',
  TIMEOUT: 'the vendor did not answer within the request timeout',
  DEADLINE_EXCEEDED: 'the hook deadline passed before the vendor answered',
  NETWORK_ERROR: 'network error talking to the vendor',
  VENDOR_RESPONSE_TOO_LARGE: 'the vendor answered with a body over the client maxResponseBytes',
}

function kindOf(err: unknown, depth: number): NetworkErrorKind | undefined {
  if (depth > 5 || err === null || typeof err !== 'object') return undefined
  const e = err as { code?: unknown; name?: unknown; cause?: unknown; kind?: unknown }
  if (typeof e.kind === 'string' && e.kind in REASONS) return e.kind as NetworkErrorKind
  if (typeof e.code === 'string') {
    const byCode = CODE_KINDS[e.code]
    if (byCode) return byCode
    if (TLS_CODE.test(e.code)) return 'NETWORK_TLS'
  }
  const fromCause = kindOf(e.cause, depth + 1)
  if (fromCause) return fromCause
  if (typeof e.name === 'string') return NAME_KINDS[e.name]
  return undefined
}

/**
 * The kind of a thrown transport error, looking through `cause` chains; `NETWORK_ERROR` when
 * nothing more precise is known.
 */
export function networkErrorKind(err: unknown): NetworkErrorKind {
  return kindOf(err, 0) ?? 'NETWORK_ERROR'
}

/**
 * A `failure` {@link Result} for a thrown transport error. Only the kind is kept; the error itself
 * (which may hold headers and bodies) is not.
 * @example
 * classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) // { outcome: 'failure', code: 'NETWORK_REFUSED', … }
 */
export function classifyError(err: unknown): Result {
  const kind = networkErrorKind(err)
  return { outcome: 'failure', code: kind, reason: REASONS[kind] }
}
