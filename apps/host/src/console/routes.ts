/**
 * The console's routes on the hook port: `GET /console`, `GET /console/event?bhid=…[&reveal=1]`
 * and `POST /console/replay` (same origin and CSRF token checked). Every one needs Basic auth.
 * Replays go through the same code as the `replay` command and never touch held-queue incidents.
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
import type { JournalConfig } from '../config/schema'
import { createJournalRecorder } from '../journal/recorder'
import { runReplays, selectReplays } from '../journal/replay'
import type { ConsoleRoute } from '../server/http'
import { basicAuthOk, createCsrf, sameOrigin } from './auth'
import { eventPage, indexPage } from './pages'

/** What the console reads and replays with. */
export interface ConsoleOptions {
  readonly password: string
  readonly store: HookStore
  readonly watch: Pick<QueueWatch, 'states'>
  readonly journal: JournalConfig
  /** The connectors replays go through (read at each replay: a reload may change them). */
  readonly connectors: () => Readonly<Record<string, Connector>>
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

/**
 * @example
 * createRoutes({ ..., console: createConsole({ password, store, watch, journal, replay, connectors, logger }) })
 */
export function createConsole(options: ConsoleOptions): ConsoleRoute {
  const csrf = createCsrf()
  const recorder = createJournalRecorder({
    store: options.store,
    config: options.journal,
    logger: options.logger,
  })
  const lines = (bhid: string) =>
    options.store.journal?.list({ bhids: [bhid], withBody: true }) ?? Promise.resolve([])

  async function replay(form: URLSearchParams): Promise<string> {
    const bhid = form.get('bhid') ?? ''
    const connector = form.get('connector') ?? undefined
    const entries = (await lines(bhid)).filter((e) => !connector || e.connector === connector)
    const connectors = options.connectors()
    const selection = selectReplays(entries, {
      force: form.get('force') === '1',
      connectors: Object.keys(connectors),
    })
    if (selection.jobs.length === 0) {
      return `Nothing replayed: ${selection.leftOut.map((l) => `${l.entry.connector}: ${l.reason}`).join('; ') || 'no journal line'}`
    }
    const replayer = createReplayer({
      connectors,
      store: options.store,
      deadlineMs: options.deadlineMs,
      resultTtlMs: options.resultTtlMs,
    })
    const done = await runReplays(selection.jobs, replayer, recorder)
    const runs = done.flatMap((d) => d.runs.map((r) => `${r.connector} ${r.outcome} ${r.code}`))
    options.logger.info({ bhid, replayed: runs }, 'console replay')
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
    if (ex.method === 'GET' && ex.path === '/console') {
      const outcome = OUTCOMES.find((o) => o === query.get('outcome'))
      const filter = {
        outcome: outcome as Outcome | undefined,
        connector: query.get('connector') || undefined,
        bhid: query.get('bhid') || undefined,
      }
      const entries =
        (await options.store.journal?.list({
          outcome: filter.outcome,
          connector: filter.connector,
          bhids: filter.bhid ? [filter.bhid] : undefined,
          limit: 200,
        })) ?? []
      const page = indexPage({
        routes: options.watch.states(),
        entries,
        filter,
        connectors: Object.keys(options.connectors()),
      })
      ex.reply(200, page, HTML, false)
      return true
    }
    if (ex.method === 'GET' && ex.path === '/console/event') {
      const bhid = query.get('bhid') ?? ''
      const page = eventPage({
        bhid,
        entries: await lines(bhid),
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
      const message = await replay(form)
      const back = `/console/event?bhid=${encodeURIComponent(form.get('bhid') ?? '')}&message=${encodeURIComponent(message)}`
      ex.reply(303, '', { ...TEXT, location: back }, false)
      return true
    }
    ex.reply(404, 'not found\n', TEXT, false)
    return true
  }
}
