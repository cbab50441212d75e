/**
 * Why the store could not be opened at start, as a config issue an operator can act on: a store
 * package that is not installed (store-sqlite is an optional dependency of the host, skipped when
 * its native build fails), a native SQLite binding that is missing or built for another Node, or
 * a database path that cannot be created or written. The first matching row wins.
 * @module
 */
import type { ConfigIssue } from './config/errors'
import type { StoreConfig } from './config/schema'
import { codeOf } from './guards'

type StoreKind = StoreConfig['kind']

interface StoreFailure {
  readonly kind: StoreKind
  readonly code: string | undefined
  /** The error's message, matched only here, never printed (it may hold paths or URLs). */
  readonly text: string
}

interface Row {
  readonly when: (failure: StoreFailure) => boolean
  readonly message: (config: StoreConfig) => string
  readonly hint: (config: StoreConfig) => string
}

const PACKAGE: Readonly<Record<StoreKind, string>> = {
  sqlite: '@bubblehouse-hooks/store-sqlite',
  redis: '@bubblehouse-hooks/store-redis',
  memory: '@bubblehouse-hooks/core',
}
const DRIVER: Readonly<Record<StoreKind, string>> = {
  sqlite: 'better-sqlite3',
  redis: 'ioredis',
  memory: '@bubblehouse-hooks/core',
}
const OTHER_STORES = 'or choose another store (store: { kind: redis, url: … } or { kind: memory })'
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])
// better-sqlite3 loads its addon on first use: "Could not locate the bindings file" when it was never
// built (a failed or skipped install script), NODE_MODULE_VERSION or ERR_DLOPEN_FAILED when it was
// built for another Node or platform.
const MISSING_BINDING = /bindings file|better_sqlite3\.node|NODE_MODULE_VERSION/
const FILE_CODES = new Set([
  'EACCES',
  'EEXIST',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'EISDIR',
  'ENOENT',
  'ENOSPC',
])

const ROWS: readonly Row[] = [
  {
    when: (f) => NOT_FOUND.has(f.code ?? '') && f.text.includes(`'${PACKAGE[f.kind]}'`),
    message: (c) => `needs the package ${PACKAGE[c.kind]}, which is not installed`,
    hint: (c) =>
      c.kind === 'sqlite'
        ? `npm install ${PACKAGE.sqlite} next to the host (an optional dependency: npm skips it when its native better-sqlite3 build fails, and --omit=optional leaves it out), ${OTHER_STORES}`
        : `npm install ${PACKAGE[c.kind]} next to the host`,
  },
  {
    when: (f) => NOT_FOUND.has(f.code ?? '') && f.text.includes(`'${DRIVER[f.kind]}'`),
    message: (c) => `needs ${DRIVER[c.kind]} (used by ${PACKAGE[c.kind]}), which is not installed`,
    hint: (c) => `npm install ${DRIVER[c.kind]} next to the host`,
  },
  {
    when: (f) =>
      f.kind === 'sqlite' && (f.code === 'ERR_DLOPEN_FAILED' || MISSING_BINDING.test(f.text)),
    message: () =>
      "needs better-sqlite3's native binding, which is missing or was built for another Node",
    hint: () =>
      `rebuild it for this Node: npm rebuild better-sqlite3 (pnpm: allow its build with pnpm approve-builds, then pnpm rebuild better-sqlite3); building from source needs python3, make and a C++ compiler; ${OTHER_STORES}`,
  },
  {
    when: (f) =>
      f.kind === 'sqlite' && (FILE_CODES.has(f.code ?? '') || /^SQLITE_/.test(f.code ?? '')),
    message: (c) => `could not be opened at ${c.kind === 'sqlite' ? c.path : ''}`,
    hint: () =>
      'check that its folder can be created and is writable by this user, and that the disk is not full',
  },
]

/**
 * The config issue for a store that failed to open, located at `store`; `code` is the error's
 * code when no row explains it (the error's message is never shown: it may hold a Redis URL).
 * @example
 * storeOpenIssue(err, { kind: 'sqlite', path: './data/hooks.db' })
 * // { path: 'store', message: "needs better-sqlite3's native binding, …", hint: 'rebuild it …' }
 */
export function storeOpenIssue(err: unknown, config: StoreConfig): ConfigIssue {
  const failure: StoreFailure = {
    kind: config.kind,
    code: codeOf(err),
    text: err instanceof Error ? err.message : '',
  }
  const row = ROWS.find((r) => r.when(failure))
  if (row) return { path: 'store', message: row.message(config), hint: row.hint(config) }
  return {
    path: 'store',
    message: `could not be opened (${failure.code ?? (err instanceof Error ? err.name : 'error')})`,
    hint:
      config.kind === 'sqlite'
        ? 'check that the path is writable by this user'
        : 'check the store settings',
  }
}
