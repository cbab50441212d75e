/**
 * `createHookHandler`: the whole receiver as a Web-standard `(Request) => Promise<Response>`, for
 * node:http, Express, Fastify, Hono, Workers, Next.js or Lambda.
 *
 * Order of checks: method (405) → hook name (404) → auth (401, before the body is read) →
 * connector route (404) → body limit → JSON → schema → connectors. An authenticated event that is too large, not JSON or off
 * schema answers `200 {"outcome":"invalid_data"}`: it is about this event, so it must not hold
 * the queue. Nothing a request contains produces a 5xx.
 * @module
 */
import { hash, randomUUID } from 'node:crypto'
import { createVerifier, type HookVerifier, type VerifierOptions } from '../auth/verifier'
import { Hello1InputSchema, SERVED_HOOKS } from '../contract/hello1'
import { formatIssues } from '../contract/issues'
import { SendEvent1InputSchema } from '../contract/send-event1'
import type { Connector } from '../define-connector'
import { type HookMetrics, type Logger, lazyChild, noopLogger, noopMetrics } from '../logger'
import { combineOutcomes, type Outcome } from '../outcome'
import { createMemoryStore } from '../store/memory'
import type { HookStore } from '../store/types'
import { parseJson } from './parse-json'
import { type BodyReadResult, readBody } from './read-body'
import { type ConnectorRun, errorFacts, type RunContext, runConnector } from './run-connector'

/** Options of {@link createHookHandler}. */
export interface HookHandlerOptions {
  /** Verifier options (keys, tolerance, optional claims), or a verifier built once elsewhere. */
  readonly auth: VerifierOptions | HookVerifier
  /** Created connectors by id (the id is the config key and the optional route segment). */
  readonly connectors: Readonly<Record<string, Connector>>
  /** Default: a bounded in-memory store. */
  readonly store?: HookStore
  /** The whole request answers within this; default 25 000 ms (Bubblehouse gives up at 30 s). */
  readonly deadlineMs?: number
  /** Largest body read; default 1 MiB. */
  readonly bodyLimitBytes?: number
  /** How long a body may take to arrive; default 10 000 ms. */
  readonly bodyTimeoutMs?: number
  /** How long terminal results are remembered for dedupe; default 14 days. */
  readonly resultTtlMs?: number
  /** One access line per request, plus error lines for connector and store failures. Default: silent. */
  readonly logger?: Logger
  /** Request, event and in-flight counters. Default: none. */
  readonly metrics?: HookMetrics
  /** For tests: the clock. */
  readonly now?: () => number
}

/** Per-request routing, for hosts that route themselves. */
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
}

/** A JSON answer: status, headers (lower-case names) and the body text. */
export interface HookOutput {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The handler without Fetch objects: {@link HookInput} in, {@link HookOutput} out. */
export type RawHookHandler = (input: HookInput, route?: RouteOptions) => Promise<HookOutput>

/** The handler: a Web-standard request in, a JSON response out. */
export type HookHandler = (request: Request, route?: RouteOptions) => Promise<Response>

const HOOK_NAMES = new Set(['Hello1', 'SendEvent1'])
const DAY_MS = 24 * 60 * 60 * 1000

function json(
  status: number,
  body: unknown,
  requestId: string,
  extra?: Readonly<Record<string, string>>,
): HookOutput {
  return {
    status,
    headers: { ...extra, 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify(body),
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** A short, salted-free hash of the lower-cased email, for correlating log lines without the email. */
export function hashEmail(email: string): string {
  // One-shot `hash` (Node 20.12+): a third of createHash().update().digest()'s cost, per access line.
  return hash('sha256', email.trim().toLowerCase(), 'hex').slice(0, 16)
}

function isVerifier(auth: VerifierOptions | HookVerifier): auth is HookVerifier {
  return typeof (auth as HookVerifier).verify === 'function'
}

/**
 * The whole receiver, without Fetch objects (see {@link createHookHandler} for the Web-standard
 * form and `@bubblehouse-hooks/core/node` for node:http). Checks, in order: method
 * (405), hook name (404; only `Hello1` and `SendEvent1`), token (401, before the body is read),
 * connector route (404, after the token so ids cannot be probed), body size, JSON and schema (`200 invalid_data` for SendEvent1), then runs the
 * connectors in parallel with per-connector dedupe, in-flight locks and the deadline, and answers
 * the combined outcome. Throws a {@link ConfigError} at once for bad auth options; never answers
 * 5xx.
 * @example
 * const raw = createRawHookHandler({ auth, connectors, store })
 * const out = await raw({ method: 'POST', path: '/hooks/Hello1', header, readBody })
 */
export function createRawHookHandler(options: HookHandlerOptions): RawHookHandler {
  const verifier = isVerifier(options.auth) ? options.auth : createVerifier(options.auth)
  const store = options.store ?? createMemoryStore()
  const deadlineMs = options.deadlineMs ?? 25_000
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024
  const bodyTimeoutMs = Math.min(options.bodyTimeoutMs ?? 10_000, deadlineMs)
  const resultTtlMs = options.resultTtlMs ?? 14 * DAY_MS
  const lockTtlMs = deadlineMs + 5_000
  const logger = options.logger ?? noopLogger
  const metrics = options.metrics ?? noopMetrics
  const now = options.now ?? Date.now
  const connectorIds = Object.keys(options.connectors)
  const inFlight = new Map<string, Promise<ConnectorRun>>()

  async function handle(input: HookInput, route: RouteOptions | undefined, requestId: string) {
    const started = performance.now()
    const segments = input.path.split('/').filter(Boolean)
    const hook = segments.at(-1) ?? ''
    const line: Record<string, unknown> = { requestId, hook: hook.slice(0, 64) }
    const answer = (
      status: number,
      body: unknown,
      msg: string,
      extra?: Readonly<Record<string, string>>,
    ) => {
      line.status = status
      line.durationMs = Math.round((performance.now() - started) * 10) / 10
      metrics.hookRequest(HOOK_NAMES.has(hook) ? hook : 'unknown', status)
      logger[status >= 500 ? 'error' : status === 401 ? 'warn' : 'info'](line, msg)
      return json(status, body, requestId, extra)
    }

    if (input.method !== 'POST') {
      return answer(405, { error: 'method_not_allowed' }, 'method not allowed', { allow: 'POST' })
    }
    if (!HOOK_NAMES.has(hook)) return answer(404, { error: 'not_found' }, 'unknown hook')

    const routeSegment = segments.at(-2)
    const filter =
      route?.connector ??
      (routeSegment !== undefined && Object.hasOwn(options.connectors, routeSegment)
        ? routeSegment
        : undefined)
    const auth = await verifier.verify(input.header('authorization'))
    if (!auth.ok) {
      line.authFailure = auth.reason
      return answer(401, { error: 'unauthorized' }, 'unauthorized')
    }
    if (auth.kid !== undefined) line.kid = auth.kid

    // After auth: a caller without a valid token cannot tell configured connector ids from others.
    if (filter !== undefined && !Object.hasOwn(options.connectors, filter)) {
      return answer(404, { error: 'not_found' }, 'unknown connector')
    }
    const selected = filter !== undefined ? [filter] : connectorIds
    if (filter !== undefined) line.route = filter

    const body = await input.readBody(bodyLimit, bodyTimeoutMs)
    if (!body.ok) {
      line.bodyFailure = body.reason
      if (body.reason === 'timeout') return answer(408, { error: 'body_timeout' }, 'slow body')
      if (body.reason === 'aborted') return answer(400, { error: 'bad_request' }, 'body aborted')
      return hook === 'SendEvent1'
        ? answer(200, { outcome: 'invalid_data' }, 'body too large')
        : answer(413, { error: 'too_large' }, 'body too large')
    }
    const parsed = parseJson(body.bytes)

    if (hook === 'Hello1') {
      const hello = parsed.ok ? Hello1InputSchema.safeParse(parsed.value) : undefined
      if (!hello?.success) return answer(400, { error: 'invalid_request' }, 'Hello1 without magic')
      const hooks = selected.length > 0 ? [...SERVED_HOOKS] : []
      return answer(200, { magic: hello.data.magic, hooks }, 'Hello1')
    }

    if (!parsed.ok) {
      line.outcome = 'invalid_data'
      line.invalid = ['(root): not valid UTF-8 JSON']
      return answer(200, { outcome: 'invalid_data' }, 'SendEvent1 body is not JSON')
    }
    const event = SendEvent1InputSchema.safeParse(parsed.value)
    if (!event.success) {
      line.outcome = 'invalid_data'
      line.invalid = formatIssues(event.error)
      return answer(200, { outcome: 'invalid_data' }, 'SendEvent1 failed the schema')
    }
    line.bhid = event.data.bhid
    if (event.data.customer.email) line.emailHash = hashEmail(event.data.customer.email)

    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<void>((resolve) => {
      const remaining = Math.max(0, deadlineMs - (performance.now() - started))
      timer = setTimeout(() => {
        controller.abort(new DOMException('hook deadline passed', 'AbortError'))
        resolve()
      }, remaining)
    })
    const ctx: RunContext = {
      store,
      signal: controller.signal,
      deadline,
      resultTtlMs,
      lockTtlMs,
      logger: lazyChild(logger, { requestId, bhid: event.data.bhid }),
      now,
      inFlight,
    }
    let runs: ConnectorRun[]
    try {
      runs = await Promise.all(
        selected.map((id) => runConnector(id, options.connectors[id]!, event.data, ctx)),
      )
    } finally {
      clearTimeout(timer)
    }
    const connectors: Record<string, unknown> = {}
    for (const { connector, result, duplicate } of runs) {
      metrics.event(connector, result.outcome, result.code)
      connectors[connector] = {
        outcome: result.outcome,
        code: result.code,
        ...(duplicate ? { duplicate } : {}),
        ...(result.vendorStatus !== undefined ? { vendorStatus: result.vendorStatus } : {}),
        ...(result.retryAfterMs !== undefined ? { retryAfterMs: result.retryAfterMs } : {}),
      }
    }
    const outcome: Outcome = combineOutcomes(runs.map((r) => r.result.outcome))
    line.outcome = outcome
    line.connectors = connectors
    return answer(200, { outcome }, 'SendEvent1')
  }

  return async (input, route) => {
    const given = input.header('x-request-id')
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID()
    metrics.inFlight(1)
    try {
      return await handle(input, route, requestId)
    } catch (err) {
      // A bug of ours: hold the queue rather than drop the event, and never answer 5xx.
      logger.error({ requestId, ...errorFacts(err) }, 'hook handler failed unexpectedly')
      return json(200, { outcome: 'failure' }, requestId)
    } finally {
      metrics.inFlight(-1)
    }
  }
}

/**
 * The whole receiver as a Web-standard `(Request) => Promise<Response>`, for Workers, Deno, Bun,
 * Next.js, Hono and any server that speaks Fetch. Same checks and answers as
 * {@link createRawHookHandler}, which it wraps; Node servers can skip the Request/Response
 * conversion with `@bubblehouse-hooks/core/node`.
 * @example
 * const handler = createHookHandler({
 *   auth: { keys: [{ kid: 'main', secret: process.env.BH_HOOK_SECRET! }] },
 *   connectors: { klaviyo: createConnector(klaviyo, { apiKey: process.env.KLAVIYO_API_KEY }) },
 * })
 * // Bun / Deno / Workers: export default { fetch: handler }
 */
export function createHookHandler(options: HookHandlerOptions): HookHandler {
  const raw = createRawHookHandler(options)
  return async (request, route) => {
    const output = await raw(
      {
        method: request.method,
        path: new URL(request.url, 'http://localhost').pathname,
        header: (name) => request.headers.get(name),
        readBody: (limit, timeoutMs) => readBody(request, limit, timeoutMs),
      },
      route,
    )
    return new Response(output.body, { status: output.status, headers: output.headers })
  }
}
