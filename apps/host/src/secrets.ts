// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Which hook secrets the host verifies with. Configured keys with a secret win. With none, a
 * development host uses (and creates once) a generated secret in `data/dev-hook-secret`, which
 * `bubblehouse-hooks send` reads too; NODE_ENV=production refuses to start instead.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type HookKey, MIN_SECRET_BYTES } from '@bubblehouse-hooks/core'
import { ConfigFileError } from './config/errors'
import type { HostConfig } from './config/schema'
import { codeOf } from './guards'

/** Where the development secret lives, relative to the working directory. */
export const DEV_SECRET_FILE = 'data/dev-hook-secret'

/** The keys to verify with, and whether they were generated for development. */
export interface HookKeys {
  readonly keys: readonly HookKey[]
  /** Set when no secret was configured and a development secret is used. */
  readonly development?: {
    /** The file holding it, or undefined when it could not be written (then `secret` is shown). */
    readonly file: string | undefined
    readonly secret: string
    readonly kid: string | undefined
    readonly created: boolean
  }
}

/** Read the development secret, if there is a usable one. */
export async function readDevSecret(file: string): Promise<string | undefined> {
  try {
    const secret = (await readFile(file, 'utf8')).trim()
    return Buffer.from(secret, 'base64').length >= MIN_SECRET_BYTES ? secret : undefined
  } catch {
    return undefined
  }
}

/** Options of {@link resolveHookKeys}. */
export interface ResolveKeysOptions {
  /** The config file, for error messages. */
  readonly file: string
  readonly production: boolean
  /** Default: {@link DEV_SECRET_FILE} under the working directory. */
  readonly devSecretFile?: string
}

/**
 * @example
 * const { keys, development } = await resolveHookKeys(config, { file, production: false })
 */
export async function resolveHookKeys(
  config: HostConfig,
  options: ResolveKeysOptions,
): Promise<HookKeys> {
  const configured = config.auth.keys.filter((key) => key.secret !== '')
  if (configured.length > 0) return { keys: configured }
  if (options.production) {
    throw new ConfigFileError(options.file, [
      {
        path: 'auth.keys',
        message: 'has no secret, and NODE_ENV=production requires one',
        hint: 'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }  and set BH_HOOK_SECRET to the base64 secret from the Bubblehouse API settings page',
      },
    ])
  }
  const kid = config.auth.keys[0]?.kid
  const file = resolve(options.devSecretFile ?? DEV_SECRET_FILE)
  const existing = await readDevSecret(file)
  if (existing) {
    return {
      keys: [{ kid, secret: existing }],
      development: { file, secret: existing, kid, created: false },
    }
  }
  const secret = randomBytes(32).toString('base64')
  try {
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, `${secret}\n`, { mode: 0o600 })
    return { keys: [{ kid, secret }], development: { file, secret, kid, created: true } }
  } catch (err) {
    if (codeOf(err) === undefined) throw err
    return { keys: [{ kid, secret }], development: { file: undefined, secret, kid, created: true } }
  }
}
