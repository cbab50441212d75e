/**
 * Graceful shutdown: stop accepting on every listener, report not ready, let in-flight hook
 * requests finish (they answer within the deadline) whatever their protocol, then close
 * connectors and the store.
 * @module
 */
import type { HookStore, Logger } from '@bubblehouse-hooks/core'
import { type ConnectorMap, closeConnectors } from '../connectors/instantiate'
import { codeOf } from '../guards'
import type { HookRoutes } from './http'
import type { Listener } from './listeners'

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** What {@link gracefulClose} closes. */
export interface CloseTargets {
  readonly routes: HookRoutes
  readonly listeners: readonly Listener[]
  readonly connectors: ConnectorMap
  readonly store: HookStore
  readonly logger: Logger & { flush?: () => void }
  /** Longest wait for in-flight requests (the deadline plus time to write the answer). */
  readonly waitMs: number
  /** Run after the connectors close, before the store does (pending journal writes, alerts). */
  readonly beforeStoreClose?: () => Promise<void>
}

/** Close everything in order; resolves when done. */
export async function gracefulClose(targets: CloseTargets): Promise<void> {
  const { routes, listeners, logger } = targets
  routes.drain()
  // HTTP/1.1: idle connections close now, busy ones after their answer (Connection: close).
  // HTTP/2: GOAWAY, then the session closes once its open streams are answered.
  for (const listener of listeners) listener.stop()
  const started = Date.now()
  while (routes.inFlight() > 0 && Date.now() - started < targets.waitMs) {
    await sleep(25)
    // Kept-alive connections that finished their last request are closed as they go idle.
    for (const listener of listeners) listener.closeIdle()
  }
  const unfinished = routes.inFlight()
  for (const listener of listeners) listener.destroyAll()
  await closeConnectors(targets.connectors)
  await targets.beforeStoreClose?.().catch(() => undefined)
  try {
    await targets.store.close()
  } catch (err) {
    logger.warn({ errorCode: codeOf(err) }, 'store close failed')
  }
  logger.info({ waitedMs: Date.now() - started, unfinished }, 'bubblehouse-hooks stopped')
  logger.flush?.()
}

/** `fn` run once; later calls get the same promise. */
export function onceOnly(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => {
    running ??= fn()
    return running
  }
}
