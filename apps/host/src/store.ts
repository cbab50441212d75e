/**
 * Open the store the config names. The SQLite and Redis packages are imported only when used, so
 * a host on Redis never loads the native SQLite module.
 * @module
 */
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createMemoryStore, type HookStore } from '@bubblehouse-hooks/core'
import type { StoreConfig } from './config/schema'

/** A short description for logs: never the Redis URL (it may hold a password). */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `sqlite ${config.path}`
  return config.kind
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
