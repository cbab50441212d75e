/**
 * Held queues: a route is held from the first `failure` answer until the next terminal answer
 * (Bubblehouse retries the held event and sends nothing else on it meanwhile). Feeds the metrics
 * `bh_queue_held_seconds{route}` and `bh_last_event_timestamp_seconds{route}`, and with
 * `alerts` sends one `held` alert per incident once it lasts `heldAfterSec`, one `recovered` when
 * it ends (only after a `held`), and one `silent` when a route that had events gets none for
 * `silentAfterSec`. Only the hook handler's answers feed it: a replay moves no queue.
 * @module
 */
import type { SendEventRecord } from '@bubblehouse-hooks/core'
import { Gauge, type Registry } from 'prom-client'
import type { AlertBody, AlertSender } from './sender'

/** `alerts` as the config gives it. */
export interface AlertRules {
  readonly heldAfterSec: number
  /** 0: no silence alerts. */
  readonly silentAfterSec: number
}

interface Incident {
  readonly since: number
  readonly bhid: string
  readonly connector: string | null
  readonly code: string | null
  alerted: boolean
}

interface RouteState {
  lastEventAt: number
  lastBhid: string
  held?: Incident | undefined
  silentAlerted: boolean
}

/** One route's state, for the console. */
export interface RouteStatus {
  readonly route: string
  readonly lastEventAt: number
  readonly held?: {
    readonly since: number
    readonly bhid: string
    readonly connector: string | null
    readonly code: string | null
  }
}

/** Watches routes. */
export interface QueueWatch {
  /** Every route seen since start, and whether it is held. */
  states(): RouteStatus[]
  /** One answered SendEvent1. */
  observe(record: SendEventRecord): void
  /** Check the alert thresholds now (the ticker calls it). */
  tick(): void
  /** Stop the ticker. */
  stop(): void
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The alert text, by type (a Slack message as it is). */
const TEXT: Readonly<
  Record<AlertBody['type'], (route: string, at: RouteState, now: number) => string>
> = {
  held: (route, { held }) =>
    `bubblehouse-hooks: the queue of ${route} is held since ${iso(held!.since)}: ${held!.connector ?? 'a connector'} answered failure (${held!.code ?? 'unknown'}) for bhid ${held!.bhid}. Bubblehouse sends nothing else on it until that event gets a terminal answer.`,
  recovered: (route, { held }, now) =>
    `bubblehouse-hooks: the queue of ${route} recovered after ${Math.round((now - held!.since) / 1000)} s (held since ${iso(held!.since)}).`,
  silent: (route, state, now) =>
    `bubblehouse-hooks: no event on ${route} for ${Math.round((now - state.lastEventAt) / 1000)} s (last at ${iso(state.lastEventAt)}).`,
}

/**
 * @example
 * const watch = createQueueWatch({ registry, rules: { heldAfterSec: 300, silentAfterSec: 0 }, sender })
 * createRawHookHandler({ ..., journal: (record) => watch.observe(record) })
 */
export function createQueueWatch(options: {
  readonly registry: Registry
  readonly rules?: AlertRules | undefined
  readonly sender?: AlertSender | undefined
  readonly now?: () => number
  /** How often thresholds are checked; default 1000 ms. */
  readonly tickMs?: number
}): QueueWatch {
  const now = options.now ?? Date.now
  const routes = new Map<string, RouteState>()
  const { rules, sender } = options

  new Gauge({
    name: 'bh_queue_held_seconds',
    help: 'How long each route has been held (0 when not): since its first failure answer, until a terminal answer.',
    labelNames: ['route'] as const,
    registers: [options.registry],
    collect() {
      const t = now()
      for (const [route, state] of routes) {
        this.set({ route }, state.held ? (t - state.held.since) / 1000 : 0)
      }
    },
  })
  const lastEvent = new Gauge({
    name: 'bh_last_event_timestamp_seconds',
    help: 'When each route last answered a SendEvent1, Unix seconds.',
    labelNames: ['route'] as const,
    registers: [options.registry],
  })

  const alert = (type: AlertBody['type'], route: string, state: RouteState, t: number) => {
    const incident = type === 'silent' ? undefined : state.held
    sender?.send({
      type,
      route,
      since: iso(incident?.since ?? state.lastEventAt),
      bhid: incident?.bhid ?? state.lastBhid,
      connector: incident?.connector ?? null,
      code: incident?.code ?? null,
      text: TEXT[type](route, state, t),
    })
  }

  const tick = () => {
    if (!rules || !sender) return
    const t = now()
    for (const [route, state] of routes) {
      const held = state.held
      if (held && !held.alerted && t - held.since >= rules.heldAfterSec * 1000) {
        held.alerted = true
        alert('held', route, state, t)
      }
      if (
        rules.silentAfterSec > 0 &&
        !state.silentAlerted &&
        t - state.lastEventAt >= rules.silentAfterSec * 1000
      ) {
        state.silentAlerted = true
        alert('silent', route, state, t)
      }
    }
  }

  const timer = rules && sender ? setInterval(tick, options.tickMs ?? 1000) : undefined
  timer?.unref()

  return {
    observe({ route, event, outcome, runs }) {
      const t = now()
      const state = routes.get(route) ?? {
        lastEventAt: t,
        lastBhid: event.bhid,
        silentAlerted: false,
      }
      routes.set(route, state)
      state.lastEventAt = t
      state.lastBhid = event.bhid
      state.silentAlerted = false
      lastEvent.set({ route }, t / 1000)
      if (outcome === 'failure') {
        if (!state.held) {
          const failed = runs.find((r) => r.outcome === 'failure')
          state.held = {
            since: t,
            bhid: event.bhid,
            connector: failed?.connector ?? null,
            code: failed?.code ?? null,
            alerted: false,
          }
          tick()
        }
        return
      }
      if (state.held?.alerted) alert('recovered', route, state, t)
      state.held = undefined
    },
    states: () =>
      [...routes].map(([route, { lastEventAt, held }]) => ({
        route,
        lastEventAt,
        ...(held
          ? {
              held: {
                since: held.since,
                bhid: held.bhid,
                connector: held.connector,
                code: held.code,
              },
            }
          : {}),
      })),
    tick,
    stop() {
      if (timer) clearInterval(timer)
    },
  }
}
