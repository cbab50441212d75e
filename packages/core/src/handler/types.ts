/** What the raw handler takes and gives: a request without Fetch objects, and a JSON answer. @module */
import type { BodyReadResult } from './read-body'

/**
 * Per-request routing from a caller that routed the request itself (a framework's route params,
 * the host's own router): the path then only names the hook (its last segment).
 */
export interface RouteOptions {
  /** Run only this connector (`POST /hooks/:connector/:name`). Unknown ids answer 404. */
  readonly connector?: string
}

/**
 * A request as the raw handler sees it: what servers without Fetch objects (node:http) can give
 * cheaply, with the body read only when the handler asks for it (after auth).
 */
export interface HookInput {
  readonly method: string
  /** The URL path, without the query. */
  readonly path: string
  /** A header value by lower-case name. */
  header(name: string): string | null | undefined
  /** Read the body: at most `limit` bytes, within `timeoutMs`. */
  readBody(limit: number, timeoutMs: number): Promise<BodyReadResult>
  /** The peer's address, when the server knows it: logged on 401 lines only. */
  readonly remoteAddress?: string | undefined
}

/** A JSON answer: status, headers (lower-case names) and the body text. */
export interface HookOutput {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The body of the last-resort answer: `failure` holds the queue, where a 5xx could drop the event. */
export const FAILURE_BODY = '{"outcome":"failure"}'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The caller's `X-Request-ID` when it is a safe token (it goes into logs), else a new UUID. */
export function requestIdOf(input: Pick<HookInput, 'header'>): string {
  const given = input.header('x-request-id')
  return given && SAFE_REQUEST_ID.test(given) ? given : crypto.randomUUID()
}

/** A JSON answer carrying the request id; `body` is JSON text or a value to serialise. */
export function jsonOutput(
  status: number,
  body: unknown,
  requestId: string,
  extra?: Readonly<Record<string, string>>,
): HookOutput {
  return {
    status,
    headers: { ...extra, 'content-type': 'application/json', 'x-request-id': requestId },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }
}
