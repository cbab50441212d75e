/**
 * What the HTTP client hands a transport and gets back: node:http (the default) or a fetch.
 * @module
 */
import type { NetworkErrorKind } from '../classify/network'
import type { HttpMethod } from '../plan'

/** One call as the client built it. */
export interface TransportRequest {
  readonly method: HttpMethod
  readonly url: URL
  /** Merged client and call headers. */
  readonly headers: Readonly<Record<string, string>>
  /** Already serialised. */
  readonly body: string | undefined
  /** The caller's deadline. */
  readonly signal: AbortSignal | undefined
  /** The per-call timeout. */
  readonly timeoutMs: number
  /** The most response body bytes read (after decoding); past it the call fails. */
  readonly maxResponseBytes: number
}

/** The response, body read to the end and decoded as UTF-8 text. */
export interface TransportResponse {
  readonly status: number
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/** Sends calls; `close` releases what it holds (sockets). */
export interface Transport {
  /**
   * Sends one call. Rejects on transport failures only: with a {@link TransportError} for the
   * per-call timeout, the caller's deadline and a body over `maxResponseBytes` (only the transport
   * can tell them apart), with the underlying error otherwise (the client classifies it with
   * `networkErrorKind`).
   */
  send(req: TransportRequest): Promise<TransportResponse>
  /** Closes every socket, in use or idle; calls still running fail. */
  close(): Promise<void>
}

/** A transport failure whose kind is already known; `networkErrorKind` reads `kind`. */
export class TransportError extends Error {
  readonly kind: NetworkErrorKind

  constructor(kind: NetworkErrorKind) {
    super(kind)
    this.kind = kind
  }
}
