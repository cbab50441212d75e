/**
 * Paths, the shared hook secret, token pools and event bodies used by every benchmark.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CANONICAL_EVENT, createHookToken } from '@bubblehouse-hooks/core'

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)))
export const ROOT = dirname(BENCH_DIR)
export const TMP = join(BENCH_DIR, '.tmp')
export const HOST_CLI = join(ROOT, 'apps/host/dist/cli.js')
export const NOOP_CONNECTOR = join(BENCH_DIR, 'fixtures/noop-connector.mjs')

mkdirSync(TMP, { recursive: true })

/** A fresh 32-byte HS256 secret for this run, base64 (as Bubblehouse shows it). */
export const SECRET = randomBytes(32).toString('base64')
/** @type {import('@bubblehouse-hooks/core').HookKey} */
export const KEY = { kid: 'main', secret: SECRET, encoding: 'base64' }

/**
 * `count` distinct tokens shaped like Bubblehouse's (header alg/typ/kid, iat, exp): each has its
 * own `iat` (one second apart, the newest now) and lives an hour, so every request of a run
 * carries a different token and no verified-token cache could ever hit.
 */
export async function signTokens(count) {
  const now = Date.now()
  const tokens = []
  for (let i = 0; i < count; i++) {
    tokens.push(
      await createHookToken({ key: KEY, expiresInSec: 3600, now: new Date(now - i * 1000) }),
    )
  }
  return tokens
}

/** Write `tokens` one per line (for wrk's Lua script and the load process). */
export function writeTokens(tokens, name = 'tokens.txt') {
  const file = join(TMP, name)
  writeFileSync(file, `${tokens.join('\n')}\n`)
  return file
}

/**
 * The canonical SendEvent1 example as a JSON template split around its `bhid`, so load tools can
 * give every request a unique bhid (a repeated bhid would take the host's dedupe shortcut).
 */
export function bodyTemplate(event = CANONICAL_EVENT) {
  const marker = '@@BHID@@'
  const [prefix, suffix] = JSON.stringify({ ...event, bhid: marker }).split(marker)
  return { prefix, suffix }
}

/** Write a body template as two lines (prefix, suffix) for wrk's Lua script. */
export function writeTemplate(template, name = 'body.txt') {
  const file = join(TMP, name)
  writeFileSync(file, `${template.prefix}\n${template.suffix}\n`)
  return file
}
