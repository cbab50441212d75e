/**
 * `createHookHandler`: the whole receiver as a Web-standard `(Request) => Promise<Response>`, for
 * node:http, Express, Fastify, Hono, Bun, Next.js or Lambda.
 *
 * Order of checks: method (405) → route and hook name (404) → auth (401, before the body is read)
 * → connector (404, after the token) → `maxInFlight` (SendEvent1 only) → body limit → JSON →
 * schema → connectors. An authenticated
 * event that is too large, not JSON or off schema answers `200 {"outcome":"invalid_data"}`: it is
 * about this event, so it must not hold the queue. Nothing a request contains produces a 5xx.
 * One concern a file: route.ts, authenticate.ts, read-event.ts, fan-out.ts, access-log.ts.
 * @module
 */
import type { HookVerifier, VerifierOptions } from '../auth/verifier'
import { SERVED_HOOKS } from '../contract/hello1'
import type { Connector } from '../define-connector'
import { type HookMetrics, type Logger, lazyChild, noopLogger, noopMetrics } from '../logger'
import { createMemoryStore } from '../store/memory'
import type { HookStore } from '../store/types'
import { type AccessLog, createLineLimiter, type EmailHasher, startAccessLog } from './access-log'
import { authenticate, toVerifier } from './authenticate'
import { type FanOutSettings, fanOut } from './fan-out'
import type { SendEventHook } from './journal-hook'
import { readBody } from './read-body'
import { readEvent } from './read-event'
import { createRouter, DEFAULT_BASE_PATH, type HookName } from './route'
import { errorFacts } from './run-connector'
import {
  FAILURE_BODY,
  type HookInput,
  type HookOutput,
  jsonOutput,
  type RouteOptions,
  requestIdOf,
} from './types'

export type { EmailHasher } from './access-log'
export {
  FAILURE_BODY,
  type HookInput,
  type HookOutput,
  jsonOutput,
  type RouteOptions,
  requestIdOf,
} from './types'

/** Options of {@link createHookHandler}. */
export interface HookHandlerOptions {
  /** Verifier options (keys, tolerance, optional claims), or a verifier built once elsewhere. */
  readonly auth: VerifierOptions | HookVerifier
  /** Created connectors by id (the id is the config key and the route's connector segment). */
  readonly connectors: Readonly<Record<string, Connector>>
  /**
   * Where the routes start: `<basePath>/:name` runs every connector, `<basePath>/:connector/:name`
   * runs one, any other path answers 404. Default `/hooks`; `''` for the root. A caller that
   * routes itself passes {@link RouteOptions} instead, and only the path's last segment counts.
   */
  readonly basePath?: string
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
  /**
   * Puts `emailHash` on the access line: a deployment-keyed hash (an HMAC), never a plain one a
   * list of emails could reverse. Default: no email hash at all.
   */
  readonly hashEmail?: EmailHasher
  /**
   * At most this many SendEvent1 requests run at once, counted after the token (so a caller
   * without one can neither take the places nor learn they are taken); past it a SendEvent1
   * answers `200 {"outcome":"failure"}` at once and Bubblehouse retries later. Keeps one shop
   * whose vendor hangs from holding a shared process. Default: no cap.
   */
  readonly maxInFlight?: number
  /** At most this many 401 access lines a minute (the rest are counted, not logged); default 10. */
  readonly unauthorizedLinesPerMinute?: number
  /**
   * Called after each SendEvent1 the connectors ran, with the route, the event and each
   * connector's timed run: the host's event journal and held-queue alerts. Not awaited; what it
   * throws is ignored, so it can never change or delay an answer. Default: none.
   */
  readonly journal?: SendEventHook
  /** For tests: the clock. */
  readonly now?: () => number
}

/** The handler without Fetch objects: {@link HookInput} in, {@link HookOutput} out. */
export type RawHookHandler = (input: HookInput, route?: RouteOptions) => Promise<HookOutput>

/** The handler: a Web-standard request in, a JSON response out. */
export type HookHandler = (request: Request, route?: RouteOptions) => Promise<Response>

const DAY_MS = 24 * 60 * 60 * 1000
const NOT_FOUND = { error: 'not_found' }
const MINUTE_MS = 60_000

/**
 * The whole receiver, without Fetch objects (see {@link createHookHandler} for the Web-standard
 * form and `@bubblehouse-hooks/core/node` for node:http). Checks, in order: method (405), route
 * and hook name (404; `<basePath>/:name` or `<basePath>/:connector/:name`, only `Hello1` and
 * `SendEvent1`), token (401, before the body is read), connector (404 for an id not configured,
 * after the token so ids cannot be probed), body size, JSON and schema (`200 invalid_data` for
 * SendEvent1), then runs the connectors in parallel with per-connector dedupe, in-flight locks
 * and the deadline, and answers the combined outcome. Throws a {@link ConfigError} at once for
 * bad auth options; never answers 5xx.
 * @example
 * const raw = createRawHookHandler({ auth, connectors, store })
 * const out = await raw({ method: 'POST', path: '/hooks/Hello1', header, readBody })
 */
export function createRawHookHandler(options: HookHandlerOptions): RawHookHandler {
  const verifier = toVerifier(options.auth)
  const route = createRouter(options.basePath)
  const deadlineMs = options.deadlineMs ?? 25_000
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024
  const bodyTimeoutMs = Math.min(options.bodyTimeoutMs ?? 10_000, deadlineMs)
  const logger = options.logger ?? noopLogger
  const metrics = options.metrics ?? noopMetrics
  const connectorIds = Object.keys(options.connectors)
  const maxInFlight = options.maxInFlight ?? Number.POSITIVE_INFINITY
  let eventsInFlight = 0
  const unauthorizedLines = createLineLimiter(
    options.unauthorizedLinesPerMinute ?? 10,
    MINUTE_MS,
    options.now ?? Date.now,
  )
  const onClaims = metrics.tokenClaims?.bind(metrics)
  const baseSegments = (options.basePath ?? DEFAULT_BASE_PATH).split('/').filter(Boolean)
  // The journal's route: canonical, so a `//` in a request path makes no new route.
  const routeOf = (connector: string | undefined) =>
    `/${[...baseSegments, ...(connector !== undefined ? [connector] : []), 'SendEvent1'].join('/')}`
  const fanOutSettings: FanOutSettings = {
    connectors: options.connectors,
    deadlineMs,
    metrics,
    context: {
      store: options.store ?? createMemoryStore(),
      resultTtlMs: options.resultTtlMs ?? 14 * DAY_MS,
      lockTtlMs: deadlineMs + 5_000,
      logger,
      now: options.now ?? Date.now,
      inFlight: new Map(),
    },
  }

  async function handle(input: HookInput, given: RouteOptions | undefined, requestId: string) {
    const started = performance.now()
    const routed = route(input.path, given)
    const log = startAccessLog(requestId, routed, started, logger, metrics, unauthorizedLines)
    if (input.method !== 'POST') {
      return log.answer(405, { error: 'method_not_allowed' }, 'method not allowed', {
        allow: 'POST',
      })
    }
    const { hook, connector } = routed
    if (hook === undefined) return log.answer(404, NOT_FOUND, 'unknown hook')
    if (!(await authenticate(verifier, input.header('authorization'), log.line, onClaims))) {
      if (input.remoteAddress !== undefined) log.line.client = input.remoteAddress
      return log.answer(401, { error: 'unauthorized' }, 'unauthorized')
    }
    // After auth: a caller without a valid token cannot tell configured connector ids from others.
    if (connector !== undefined && !Object.hasOwn(options.connectors, connector)) {
      return log.answer(404, NOT_FOUND, 'unknown connector')
    }
    if (connector !== undefined) log.line.route = connector
    const selected = connector !== undefined ? [connector] : connectorIds
    if (hook === 'Hello1') return answer(input, hook, connector, selected, requestId, started, log)
    if (eventsInFlight >= maxInFlight) {
      log.line.maxInFlight = maxInFlight
      metrics.overCapacity?.()
      return log.answer(200, { outcome: 'failure' }, 'at maxInFlight: answered failure at once')
    }
    eventsInFlight++
    try {
      return await answer(input, hook, connector, selected, requestId, started, log)
    } finally {
      eventsInFlight--
    }
  }

  /** Read the body and answer it: Hello1's magic, or SendEvent1's connectors run. */
  async function answer(
    input: HookInput,
    hook: HookName,
    connector: string | undefined,
    selected: readonly string[],
    requestId: string,
    started: number,
    log: AccessLog,
  ) {
    const read = await readEvent(input, hook, bodyLimit, bodyTimeoutMs)
    if (read.kind === 'refused') {
      Object.assign(log.line, read.refusal.facts)
      return log.answer(read.refusal.status, read.refusal.body, read.refusal.msg)
    }
    if (read.kind === 'Hello1') {
      const hooks = selected.length > 0 ? [...SERVED_HOOKS] : []
      return log.answer(200, { magic: read.magic, hooks }, 'Hello1')
    }
    const { event } = read
    log.line.bhid = event.bhid
    if (event.customer.email && options.hashEmail) {
      log.line.emailHash = options.hashEmail(event.customer.email)
    }
    const runLogger = lazyChild(logger, { requestId, bhid: event.bhid })
    const fanned = await fanOut(fanOutSettings, selected, event, started, { logger: runLogger })
    log.line.outcome = fanned.outcome
    log.line.connectors = fanned.connectors
    const journal = options.journal
    if (journal) {
      const record = {
        route: routeOf(connector),
        event,
        outcome: fanned.outcome,
        runs: fanned.runs,
      }
      // A journal never changes an answer: what it throws or rejects is dropped.
      void Promise.resolve(record)
        .then(journal)
        .catch(() => undefined)
    }
    return log.answer(200, { outcome: fanned.outcome }, 'SendEvent1')
  }

  return async (input, route) => {
    const requestId = requestIdOf(input)
    metrics.inFlight(1)
    try {
      return await handle(input, route, requestId)
    } catch (err) {
      // A bug of ours: hold the queue rather than drop the event, and never answer 5xx.
      logger.error({ requestId, ...errorFacts(err) }, 'hook handler failed unexpectedly')
      return jsonOutput(200, FAILURE_BODY, requestId)
    } finally {
      metrics.inFlight(-1)
    }
  }
}

/**
 * The whole receiver as a Web-standard `(Request) => Promise<Response>`, for Bun (tested
 * there), Next.js, Hono and any server that speaks Fetch. Same checks and answers as
 * {@link createRawHookHandler}, which it wraps; Node servers can skip the Request/Response
 * conversion with `@bubblehouse-hooks/core/node`.
 * @example
 * const handler = createHookHandler({
 *   auth: { keys: [{ kid: 'main', secret: process.env.BH_HOOK_SECRET! }] },
 *   connectors: { klaviyo: createConnector(klaviyo, { apiKey: process.env.KLAVIYO_API_KEY }) },
 * })
 * // Bun: export default { fetch: handler }, hook URL https://…/hooks/:name
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
