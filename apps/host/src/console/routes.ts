/**
 * The console's routes on the hook port: `GET /console`, `GET /console/event?bhid=…[&reveal=1]`
 * and `POST /console/replay` (same origin and CSRF token checked). Every one needs Basic auth.
 * Each page is one tenant's (`?tenant=ID`, a form field for the POST; default: the top-level
 * one): its journal lines, its routes, replays through its connectors over its store view. A
 * tenant that is not serving now answers 404. Replays go through the same code as the `replay`
 * command and never touch held-queue incidents.
 * @module
 */
import {
  type Connector,
  createReplayer,
  type HookStore,
  type Logger,
  OUTCOMES,
  type Outcome,
} from '@bubblehouse-hooks/core'
import type { QueueWatch } from '../alerts/watch'
import { DEFAULT_TENANT, type JournalConfig } from '../config/schema'
import { createJournalRecorder } from '../journal/recorder'
import { runReplays, selectReplays } from '../journal/replay'
import type { ConsoleRoute } from '../server/http'
import { tenantBasePath } from '../tenants/specs'
import { tenantStore } from '../tenants/store-view'
import { basicAuthOk, createCsrf, sameOrigin } from './auth'
import { consoleHref, eventPage, indexPage } from './pages'

/** A tenant serving now, as the console needs it. */
export interface ConsoleTenant {
  readonly spec: { readonly id: string }
  readonly connectors: Readonly<Record<string, Connector>>
}

/** What the console reads and replays with. */
export interface ConsoleOptions {
  readonly password: string
  /** The shared store; each tenant's pages read its view of it. */
  readonly store: HookStore
  readonly watch: Pick<QueueWatch, 'states'>
  readonly journal: JournalConfig
  /** The tenants serving now, with their connectors (read at each request: a reload may change them). */
  readonly tenants: () => readonly ConsoleTenant[]
  readonly deadlineMs: number
  readonly resultTtlMs: number
  readonly logger: Pick<Logger, 'warn' | 'info'>
}

const HTML = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
}
const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
const FORM_LIMIT = 4096

/** A tenant's page data: its id, connectors and store view, and every tenant id (for the links). */
interface Scope {
  readonly id: string
  readonly ids: readonly string[]
  readonly connectors: Readonly<Record<string, Connector>>
  readonly store: HookStore
}

/**
 * @example
 * createRoutes({ ..., console: createConsole({ password, store, watch, journal, tenants: live.tenants, logger }) })
 */
export function createConsole(options: ConsoleOptions): ConsoleRoute {
  const csrf = createCsrf()

  /**
   * The tenant `given` names (none: the top-level one, or the first when the config has only
   * `tenants`), or undefined when it is not serving now.
   */
  function scopeOf(given: string | null): Scope | undefined {
    const tenants = options.tenants()
    const ids = tenants.map((t) => t.spec.id)
    const id = given ?? (ids.includes(DEFAULT_TENANT) ? DEFAULT_TENANT : ids[0])
    const tenant = tenants.find((t) => t.spec.id === id)
    if (!tenant) return undefined
    const store = tenantStore(options.store, tenant.spec.id)
    return { id: tenant.spec.id, ids, connectors: tenant.connectors, store }
  }

  const lines = (scope: Scope, bhid: string) =>
    scope.store.journal?.list({ bhids: [bhid], withBody: true }) ?? Promise.resolve([])

  async function replay(scope: Scope, form: URLSearchParams): Promise<string> {
    const bhid = form.get('bhid') ?? ''
    const connector = form.get('connector') ?? undefined
    const entries = (await lines(scope, bhid)).filter(
      (e) => !connector || e.connector === connector,
    )
    const selection = selectReplays(entries, {
      force: form.get('force') === '1',
      connectors: Object.keys(scope.connectors),
    })
    if (selection.jobs.length === 0) {
      return `Nothing replayed: ${selection.leftOut.map((l) => `${l.entry.connector}: ${l.reason}`).join('; ') || 'no journal line'}`
    }
    const replayer = createReplayer({
      connectors: scope.connectors,
      store: scope.store,
      deadlineMs: options.deadlineMs,
      resultTtlMs: options.resultTtlMs,
    })
    const recorder = createJournalRecorder({
      store: scope.store,
      config: options.journal,
      logger: options.logger,
    })
    const done = await runReplays(selection.jobs, replayer, recorder)
    const runs = done.flatMap((d) => d.runs.map((r) => `${r.connector} ${r.outcome} ${r.code}`))
    options.logger.info({ tenant: scope.id, bhid, replayed: runs }, 'console replay')
    return `Replayed: ${runs.join(', ')}`
  }

  return async (ex) => {
    if (ex.path !== '/console' && !ex.path.startsWith('/console/')) return false
    const input = ex.hookInput()
    if (!basicAuthOk(input.header('authorization'), options.password)) {
      ex.reply(
        401,
        'authentication required\n',
        {
          ...TEXT,
          'www-authenticate': 'Basic realm="bubblehouse-hooks console", charset="UTF-8"',
        },
        false,
      )
      return true
    }
    const query = new URLSearchParams(ex.query)
    const notFound = () => {
      ex.reply(404, 'not found\n', TEXT, false)
      return true
    }
    if (ex.method === 'GET' && ex.path === '/console') {
      const scope = scopeOf(query.get('tenant'))
      if (!scope) return notFound()
      const outcome = OUTCOMES.find((o) => o === query.get('outcome'))
      const filter = {
        outcome: outcome as Outcome | undefined,
        connector: query.get('connector') || undefined,
        bhid: query.get('bhid') || undefined,
      }
      const entries =
        (await scope.store.journal?.list({
          outcome: filter.outcome,
          connector: filter.connector,
          bhids: filter.bhid ? [filter.bhid] : undefined,
          limit: 200,
        })) ?? []
      const routePrefix = `${tenantBasePath(scope.id)}/`
      const page = indexPage({
        tenant: scope.id,
        tenants: scope.ids,
        routes: options.watch.states().filter((r) => r.route.startsWith(routePrefix)),
        entries,
        filter,
        connectors: Object.keys(scope.connectors),
      })
      ex.reply(200, page, HTML, false)
      return true
    }
    if (ex.method === 'GET' && ex.path === '/console/event') {
      const scope = scopeOf(query.get('tenant'))
      if (!scope) return notFound()
      const bhid = query.get('bhid') ?? ''
      const page = eventPage({
        tenant: scope.id,
        tenants: scope.ids,
        bhid,
        entries: await lines(scope, bhid),
        reveal: query.get('reveal') === '1',
        csrf: csrf.token,
        message: query.get('message') ?? undefined,
      })
      ex.reply(200, page, HTML, false)
      return true
    }
    if (ex.method === 'POST' && ex.path === '/console/replay') {
      if (!sameOrigin((name) => input.header(name))) {
        ex.reply(403, 'cross-origin request refused\n', TEXT, false)
        return true
      }
      const read = await input.readBody(FORM_LIMIT, 5000)
      const form = new URLSearchParams(read.ok ? new TextDecoder().decode(read.bytes) : '')
      if (!csrf.ok(form.get('csrf'))) {
        ex.reply(403, 'bad or missing CSRF token\n', TEXT, false)
        return true
      }
      const scope = scopeOf(form.get('tenant'))
      if (!scope) return notFound()
      const message = await replay(scope, form)
      const back = consoleHref('/console/event', scope.id, {
        bhid: form.get('bhid') ?? '',
        message,
      })
      ex.reply(303, '', { ...TEXT, location: back }, false)
      return true
    }
    return notFound()
  }
}
