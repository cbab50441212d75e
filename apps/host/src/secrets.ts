// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Which hook secrets the host verifies with. Configured keys with a secret win. Without one the
 * host starts only when asked for development (`start --dev`): it then uses (and creates once) a
 * generated secret in `data/dev-hook-secret`, which `bubblehouse-hooks send` reads too. NODE_ENV
 * plays no part. The generated secret is never printed: a folder that cannot be written, or a
 * file that others can read, stops the start with the reason.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { type HookKey, MIN_SECRET_BYTES } from '@bubblehouse-hooks/core'
import { ConfigFileError, type ConfigIssue } from './config/errors'
import type { HostConfig } from './config/schema'
import { codeOf } from './guards'

/** Where the development secret lives, relative to the working directory. */
export const DEV_SECRET_FILE = 'data/dev-hook-secret'

/** The keys to verify with, and whether they were generated for development. */
export interface HookKeys {
  readonly keys: readonly HookKey[]
  /** Set when no secret was configured and a development secret is used. */
  readonly development?: {
    /** The file holding it (owner-only). */
    readonly file: string
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
  /** Generate a development secret when none is configured (`start --dev`); otherwise refuse. */
  readonly dev: boolean
  /** Default: {@link DEV_SECRET_FILE} under the working directory. */
  readonly devSecretFile?: string
}

const SECRET_HINT =
  'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }  and set BH_HOOK_SECRET to the base64 secret from the Bubblehouse API settings page'

/** Why a host without a configured secret does not start (shared with `check`). */
export const NO_SECRET_ISSUE: ConfigIssue = {
  path: 'auth.keys',
  message: 'has no secret; only `start --dev` generates a development secret',
  hint: SECRET_HINT,
}

/** Group and others may not read or write the secret file (POSIX modes; Windows has none). */
const OTHERS_MASK = 0o077
const checksModes = process.platform !== 'win32'

function refuse(configFile: string, message: string, hint: string): never {
  throw new ConfigFileError(configFile, [{ path: 'auth.keys', message, hint }])
}

/** The existing secret file's state: missing, readable by others, or present. */
async function fileState(file: string): Promise<'missing' | 'open' | 'private'> {
  try {
    const info = await stat(file)
    return checksModes && (info.mode & OTHERS_MASK) !== 0 ? 'open' : 'private'
  } catch (err) {
    // ENOTDIR: `data` is a file; saving will fail below and say so.
    if (codeOf(err) === 'ENOENT' || codeOf(err) === 'ENOTDIR') return 'missing'
    throw err
  }
}

/** Write a fresh secret, owner-only; the file is created (or truncated) with mode 0600. */
async function writeSecret(file: string, secret: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const handle = await open(file, 'w', 0o600)
  try {
    await handle.writeFile(`${secret}\n`)
  } finally {
    await handle.close()
  }
  if (checksModes) await chmod(file, 0o600)
}

/**
 * @example
 * const { keys, development } = await resolveHookKeys(config, { file, dev: true })
 */
export async function resolveHookKeys(
  config: HostConfig,
  options: ResolveKeysOptions,
): Promise<HookKeys> {
  const configured = config.auth.keys.filter((key) => key.secret !== '')
  if (configured.length > 0) return { keys: configured }
  if (!options.dev) throw new ConfigFileError(options.file, [NO_SECRET_ISSUE])
  const kid = config.auth.keys[0]?.kid
  const file = resolve(options.devSecretFile ?? DEV_SECRET_FILE)
  const state = await fileState(file).catch((err: unknown) =>
    refuse(
      options.file,
      `has no secret, and the development secret file ${file} cannot be read (${codeOf(err) ?? 'error'})`,
      SECRET_HINT,
    ),
  )
  if (state === 'open') {
    refuse(
      options.file,
      `has no secret, and the development secret file ${file} can be read by other users`,
      `chmod 600 ${file}   (or delete it: a new one is generated)`,
    )
  }
  const existing = state === 'private' ? await readDevSecret(file) : undefined
  if (existing)
    return { keys: [{ kid, secret: existing }], development: { file, kid, created: false } }
  const secret = randomBytes(32).toString('base64')
  try {
    await writeSecret(file, secret)
  } catch (err) {
    if (codeOf(err) === undefined) throw err
    // Never print the secret instead: a secret on a terminal or in a log is no secret.
    refuse(
      options.file,
      `has no secret, and the development secret could not be saved to ${file} (${codeOf(err)})`,
      `make ${dirname(file)} writable, start from a writable folder, or configure a secret: ${SECRET_HINT}`,
    )
  }
  return { keys: [{ kid, secret }], development: { file, kid, created: true } }
}
