/**
 * Open the store the config names. The SQLite and Redis packages are imported only when used, so
 * a host on Redis never loads the native SQLite module.
 * @module
 */
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createMemoryStore, type HookStore } from '@bubblehouse-hooks/core'
import type { Logger } from 'pino'
import type { StoreConfig } from './config/schema'
import { codeOf } from './guards'

/** A short description for logs: the Redis host and port, never its URL (it may hold a password). */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `sqlite ${config.path}`
  if (config.kind === 'memory') return 'memory'
  try {
    const url = new URL(config.url)
    const db = url.pathname.replace(/^\//, '')
    return `redis ${url.hostname}:${url.port || '6379'}${db ? ` db ${db}` : ''}${url.protocol === 'rediss:' ? ' (TLS)' : ''}`
  } catch {
    return 'redis'
  }
}

/**
 * Why a store call failed, for an operator: the error's code or message (store errors name the
 * failure, e.g. ECONNREFUSED or a timeout, never the URL or a password).
 */
export function storeProblem(err: unknown): string {
  if (err === 'timeout') return 'no answer in time'
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined
  // System codes (ECONNREFUSED, EACCES) say more than our own ERR_STORE_UNAVAILABLE.
  const code = [codeOf(cause), codeOf(err)].find((c) => c !== undefined && /^E[A-Z]+$/.test(c))
  const message = err instanceof Error ? err.message : 'error'
  return code && !message.includes(code) ? `${message} (${code})` : message
}

/** Ping the store once, `undefined` when it answered, else {@link storeProblem}. */
export async function pingStore(store: HookStore, timeoutMs: number): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    const answer = await Promise.race([store.ping().then(() => undefined), timeout])
    return answer === 'timeout' ? storeProblem(answer) : undefined
  } catch (err) {
    return storeProblem(err)
  } finally {
    clearTimeout(timer)
  }
}

/**
 * At start: a store that does not answer is logged as a warning. The host still starts (Redis may
 * come back), but until then every SendEvent1 answers failure and Bubblehouse holds the queue.
 */
export async function warnIfStoreUnreachable(
  store: HookStore,
  config: StoreConfig,
  logger: Pick<Logger, 'warn'>,
  timeoutMs = 3000,
): Promise<void> {
  const problem = await pingStore(store, timeoutMs)
  if (problem === undefined) return
  logger.warn(
    { store: describeStore(config), problem },
    'store unreachable at start: every SendEvent1 answers failure (the queue is held) until it answers',
  )
}

/**
 * @example
 * const store = await openStore({ kind: 'sqlite', path: './data/hooks.db' })
 */
export async function openStore(config: StoreConfig, cwd = process.cwd()): Promise<HookStore> {
  switch (config.kind) {
    case 'memory':
      return createMemoryStore({ maxEntries: config.maxEntries })
    case 'sqlite': {
      const path = resolve(cwd, config.path)
      await mkdir(dirname(path), { recursive: true })
      const { createSqliteStore } = await import('@bubblehouse-hooks/store-sqlite')
      return createSqliteStore({ path })
    }
    case 'redis': {
      const { createRedisStore } = await import('@bubblehouse-hooks/store-redis')
      return createRedisStore({ url: config.url, keyPrefix: config.keyPrefix })
    }
  }
}
