/**
 * `bubblehouse-hooks send`: sign a hook token like Bubblehouse does and POST Hello1 or SendEvent1,
 * like `stripe trigger`. `sendHook` is the signer and sender the tests use too.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { createHookToken, decodeSecret, type HookKey } from '@bubblehouse-hooks/core'
import { TENANT_ID } from '../../config/schema'
import { isRecord } from '../../guards'
import { DEV_SECRET_FILE, readDevSecret } from '../../secrets'
import { type CliIo, type Command, stringOf, UsageError, type Values } from '../command'
import { EVENT_OPTION, rawEventFromArgs, SAMPLE_OPTION } from '../shared'

/** Where `send` posts by default: a host started with the example config. */
export const DEFAULT_URL = 'http://127.0.0.1:8787/hooks'

/** The hooks `send` can call. */
export const HOOKS = ['Hello1', 'SendEvent1'] as const

/** Options of {@link sendHook}. */
export interface SendHookOptions {
  /** The hook URL: `:name` is replaced by the hook, otherwise the hook is appended as a segment. */
  readonly url: string
  readonly hook: (typeof HOOKS)[number]
  /** The JSON body (a string is sent as it is). */
  readonly body: unknown
  /** The key to sign with. */
  readonly key: HookKey
  readonly requestId?: string
  /** Give up after this long; default 35 000 ms (longer than the host's 25 s deadline). */
  readonly timeoutMs?: number
  /** Extra headers (tests: a wrong token). */
  readonly headers?: Readonly<Record<string, string>>
}

/** What came back. */
export interface SendHookResult {
  readonly url: string
  readonly status: number
  readonly requestId: string
  /** The answer's body as text. */
  readonly text: string
  /** The answer's `outcome`, for SendEvent1. */
  readonly outcome: string | undefined
  readonly latencyMs: number
}

/**
 * `url` for tenant `tenant`: its `/hooks` path becomes `/t/<tenant>/hooks`.
 * @example
 * tenantUrl('http://127.0.0.1:8787/hooks', 'acme') // 'http://127.0.0.1:8787/t/acme/hooks'
 */
export function tenantUrl(url: string, tenant: string): string {
  if (!TENANT_ID.test(tenant)) {
    throw new UsageError(`--tenant must be a tenant id ([a-z0-9][a-z0-9_-]{0,62}), got "${tenant}"`)
  }
  const parsed = new URL(url)
  if (!/^\/hooks(\/|$)/.test(parsed.pathname)) {
    throw new UsageError(
      `--tenant needs a URL whose path starts with /hooks, got ${parsed.pathname}; or write /t/${tenant}/hooks in --url`,
    )
  }
  parsed.pathname = `/t/${tenant}${parsed.pathname}`
  return parsed.toString()
}

/** The URL of `hook` under `base`. */
export function hookUrl(base: string, hook: string): string {
  if (base.includes(':name')) return base.replace(':name', hook)
  return `${base.replace(/\/+$/, '')}/${hook}`
}

/**
 * Sign an HS256 token with core's `createHookToken` and POST one hook.
 * @example
 * const r = await sendHook({ url: 'http://127.0.0.1:8787/hooks', hook: 'SendEvent1', body: event, key: { secret } })
 * r.status // 200; r.outcome // 'sent'
 */
export async function sendHook(options: SendHookOptions): Promise<SendHookResult> {
  const url = hookUrl(options.url, options.hook)
  const token = await createHookToken({ key: options.key })
  const requestId = options.requestId ?? randomUUID()
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accepts: 'application/json',
      'x-request-id': requestId,
      'x-bh-urgency': 'regular',
      authorization: `Bearer ${token}`,
      ...options.headers,
    },
    body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    signal: AbortSignal.timeout(options.timeoutMs ?? 35_000),
  })
  const text = await response.text()
  const latencyMs = Math.round((performance.now() - started) * 10) / 10
  let outcome: string | undefined
  try {
    const parsed: unknown = JSON.parse(text)
    if (isRecord(parsed) && typeof parsed.outcome === 'string') outcome = parsed.outcome
  } catch {}
  return { url, status: response.status, requestId, text, outcome, latencyMs }
}

/** The secret `send` signs with: --secret, BH_HOOK_SECRET, then the development secret file. */
async function keyFromArgs(values: Values, io: CliIo): Promise<{ key: HookKey; from: string }> {
  const encoding = stringOf(values, 'encoding')
  if (encoding !== undefined && encoding !== 'base64' && encoding !== 'utf8') {
    throw new UsageError(`--encoding must be base64 or utf8, got "${encoding}"`)
  }
  const kid = stringOf(values, 'kid') ?? io.env.BH_HOOK_KID
  const given = stringOf(values, 'secret') ?? io.env.BH_HOOK_SECRET
  const from = stringOf(values, 'secret') !== undefined ? '--secret' : 'BH_HOOK_SECRET'
  const secret = given || (await readDevSecret(resolve(io.cwd, DEV_SECRET_FILE)))
  if (!secret) {
    throw new UsageError(
      `no secret to sign with: pass --secret, set BH_HOOK_SECRET, or start a development host with start --dev (it writes ${DEV_SECRET_FILE})`,
    )
  }
  const key: HookKey = {
    secret,
    ...(kid ? { kid } : {}),
    ...(encoding === 'utf8' ? { encoding } : {}),
  }
  const source = given ? from : DEV_SECRET_FILE
  checkSecret(key, source)
  return { key, from: source }
}

/**
 * The rule the host applies to its keys (base64 unless --encoding utf8, at least 32 bytes), checked
 * before sending: a token signed with a broken secret can only be refused.
 */
function checkSecret(key: HookKey, source: string): void {
  try {
    decodeSecret(key, source)
  } catch (err) {
    const prefix = `${source}.secret: `
    const detail = err instanceof Error ? err.message : 'is not a usable secret'
    const plain = key.encoding === 'utf8' ? '' : ' (a plain-text secret: pass --encoding utf8)'
    throw new UsageError(
      `the secret from ${source} ${detail.startsWith(prefix) ? detail.slice(prefix.length) : detail}${plain}`,
    )
  }
}

/** What to look at when the host answers 401: the reason is in the host's log only. */
export function unauthorizedHint(from: string, kid: string | undefined): string {
  const kidHint = kid
    ? ` and that the host has a key with kid "${kid}"`
    : ' (a host with several keys may need --kid)'
  return `hint: the host refused the token. Check that the secret from ${from} is the one in the host's auth.keys${kidHint}, and that both clocks are right; the host's log line "unauthorized" gives the reason.\n`
}

/** The `send` command. */
export const sendCommand: Command = {
  name: 'send',
  summary: 'Sign and POST a Hello1 or SendEvent1 to a host; print status, outcome and latency.',
  details: [
    'Signs an HS256 JWT the way Bubblehouse does (header kid, claims iat and exp).',
    "The secret comes from --secret, else BH_HOOK_SECRET, else the development host's",
    'data/dev-hook-secret. Samples get a fresh bhid on every send unless --bhid is given.',
    'Exits 0 for a 2xx answer whose outcome is not failure, 1 otherwise.',
  ],
  options: {
    url: {
      type: 'string',
      short: 'u',
      value: 'URL',
      description: `Hook URL; :name is replaced by the hook, else it is appended (env BH_HOOK_URL; default ${DEFAULT_URL})`,
    },
    hook: {
      type: 'string',
      value: 'NAME',
      description: 'Hello1 or SendEvent1',
      default: 'SendEvent1',
    },
    sample: SAMPLE_OPTION,
    event: EVENT_OPTION,
    bhid: {
      type: 'string',
      value: 'ID',
      description: 'Set the event bhid (repeat one to see dedupe)',
    },
    email: { type: 'string', value: 'ADDR', description: "Set the customer's email" },
    secret: {
      type: 'string',
      value: 'SECRET',
      description: 'Shared secret (prefer BH_HOOK_SECRET)',
    },
    kid: {
      type: 'string',
      value: 'KID',
      description: 'Key ID for the token header (env BH_HOOK_KID)',
    },
    encoding: {
      type: 'string',
      value: 'ENC',
      description: 'How the secret is written: base64 or utf8',
      default: 'base64',
    },
    tenant: {
      type: 'string',
      value: 'ID',
      description:
        'Post to this tenant: /hooks in the URL becomes /t/ID/hooks (sign with its secret)',
    },
    json: { type: 'boolean', description: 'Print one JSON line instead of text' },
  },
  examples: [
    'bubblehouse-hooks send --sample points-earned',
    'BH_HOOK_SECRET=... bubblehouse-hooks send --tenant acme --sample points-earned',
    'bubblehouse-hooks send --url https://hooks.example.com/bh/:name --event event.json --kid main',
    'bubblehouse-hooks send --hook Hello1',
  ],
  async run(values, io) {
    const hook = stringOf(values, 'hook') ?? 'SendEvent1'
    if (hook !== 'Hello1' && hook !== 'SendEvent1') {
      throw new UsageError(`--hook must be Hello1 or SendEvent1, got "${hook}"`)
    }
    const { key, from } = await keyFromArgs(values, io)
    let body: unknown
    let label: string
    if (hook === 'Hello1') {
      body = { magic: randomBytes(6).toString('base64url') }
      label = 'Hello1'
    } else {
      const raw = await rawEventFromArgs(values, io, 'points-updated')
      label = raw.label
      body = raw.event
      if (isRecord(body)) {
        const bhid =
          stringOf(values, 'bhid') ??
          (raw.label.startsWith('sample') ? randomBytes(8).toString('hex') : undefined)
        const email = stringOf(values, 'email')
        body = {
          ...body,
          ...(bhid !== undefined ? { bhid } : {}),
          ...(email !== undefined && isRecord(body.customer)
            ? { customer: { ...body.customer, email } }
            : {}),
        }
      }
    }
    const base = stringOf(values, 'url') ?? io.env.BH_HOOK_URL ?? DEFAULT_URL
    const tenant = stringOf(values, 'tenant')
    const url = tenant !== undefined ? tenantUrl(base, tenant) : base
    let result: SendHookResult
    try {
      result = await sendHook({ url, hook, body, key })
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err
      const code = cause instanceof Error && 'code' in cause ? String(cause.code) : 'network error'
      io.err(`${hookUrl(url, hook)}: no answer (${code}). Is the host running?\n`)
      return 1
    }
    const bhid = isRecord(body) && typeof body.bhid === 'string' ? body.bhid : undefined
    const ok = result.status >= 200 && result.status < 300 && result.outcome !== 'failure'
    if (values.json === true) {
      io.out(
        `${JSON.stringify({ status: result.status, outcome: result.outcome, latencyMs: result.latencyMs, requestId: result.requestId, ...(bhid ? { bhid } : {}), body: result.text })}\n`,
      )
    } else {
      io.err(
        `→ POST ${result.url}  (${label}${bhid ? `, bhid ${bhid}` : ''}, signed with ${from})\n`,
      )
      io.out(
        `← ${result.status} ${result.text}  ${result.latencyMs} ms  (request id ${result.requestId})\n`,
      )
    }
    if (result.status === 401) io.err(unauthorizedHint(from, key.kid))
    return ok ? 0 : 1
  },
}
