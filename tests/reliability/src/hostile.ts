/**
 * Hostile input: forged and broken tokens, malformed bodies, slow bodies and connection floods,
 * plus a raw HTTP client that opens a fresh connection per request (no keep-alive surprises).
 * @module
 */
import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { createHookToken, type HookKey } from '@bubblehouse-hooks/core'
import { exportJWK, importPKCS8, SignJWT } from 'jose'

/** One raw answer. */
export interface RawAnswer {
  /** HTTP status, or why there was none. */
  readonly status: number | 'timeout' | 'network'
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
  readonly ms: number
}

/** POST (or another method) on a fresh connection. */
export function rawRequest(
  url: string,
  options: {
    readonly method?: string
    readonly headers?: Readonly<Record<string, string>>
    readonly body?: string | Buffer
    readonly timeoutMs?: number
  } = {},
): Promise<RawAnswer> {
  const started = performance.now()
  return new Promise((resolve) => {
    let settled = false
    const done = (answer: Omit<RawAnswer, 'ms'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...answer, ms: performance.now() - started })
    }
    const body = options.body ?? ''
    const req = request(url, {
      method: options.method ?? 'POST',
      agent: false,
      headers: { 'content-length': String(Buffer.byteLength(body)), ...options.headers },
    })
    const timer = setTimeout(() => {
      req.destroy()
      done({ status: 'timeout', headers: {}, text: '' })
    }, options.timeoutMs ?? 30_000)
    req.on('error', () => done({ status: 'network', headers: {}, text: '' }))
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', () => done({ status: 'network', headers: {}, text: '' }))
      res.on('end', () =>
        done({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    req.end(body)
  })
}

/** The parsed JSON of an answer, or undefined. */
export function jsonOf(answer: RawAnswer): unknown {
  try {
    return JSON.parse(answer.text)
  } catch {
    return undefined
  }
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** An unsigned-looking JWT from raw parts. */
function rawJwt(header: object, payload: object, signature = ''): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`
}

/** An HS* JWT signed by hand (any alg, any key bytes), for forgeries jose would refuse to make. */
function hmacJwt(header: object, payload: object, key: Buffer | string, hash = 'sha256'): string {
  const input = `${b64url(header)}.${b64url(payload)}`
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`
}

/** Authorization header values that must all answer 401 and reach no vendor. */
export async function forgedAuthorizations(
  key: HookKey,
): Promise<Array<{ readonly name: string; readonly value: string | undefined }>> {
  const now = Math.floor(Date.now() / 1000)
  const secret = Buffer.from(key.secret, 'base64')
  const good = await createHookToken({ key })
  const [h, p, s] = good.split('.') as [string, string, string]
  const claims = { iat: now, exp: now + 300 }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const rsa = await importPKCS8(
    privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    'RS256',
  )
  const attacker = randomBytes(32)
  const tampered = Buffer.from(p, 'base64url')
    .toString('utf8')
    .replace(/"exp":\d+/, `"exp":${now + 999_999}`)
  const bearer = (token: string) => `Bearer ${token}`
  return [
    { name: 'no Authorization header', value: undefined },
    { name: 'empty Authorization header', value: '' },
    {
      name: 'Basic scheme',
      value: `Basic ${Buffer.from(`main:${key.secret}`).toString('base64')}`,
    },
    { name: 'alg none', value: bearer(rawJwt({ alg: 'none', typ: 'JWT', kid: 'main' }, claims)) },
    {
      name: 'alg None (case)',
      value: bearer(rawJwt({ alg: 'None', typ: 'JWT', kid: 'main' }, claims)),
    },
    {
      name: 'alg confusion: RS256 token',
      value: bearer(
        await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'main' }).sign(rsa),
      ),
    },
    {
      name: 'alg confusion: HS256 keyed with the RSA public key',
      value: bearer(hmacJwt({ alg: 'HS256', typ: 'JWT', kid: 'main' }, claims, publicPem)),
    },
    {
      name: 'HS512 with the right secret',
      value: bearer(hmacJwt({ alg: 'HS512', typ: 'JWT', kid: 'main' }, claims, secret, 'sha512')),
    },
    {
      name: 'embedded jwk (key injection)',
      value: bearer(
        await new SignJWT(claims)
          .setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(publicKey) })
          .sign(rsa),
      ),
    },
    {
      name: 'expired',
      value: bearer(
        await createHookToken({ key, now: new Date((now - 7200) * 1000), expiresInSec: 60 }),
      ),
    },
    {
      name: 'not yet valid (nbf)',
      value: bearer(
        hmacJwt({ alg: 'HS256', typ: 'JWT', kid: 'main' }, { iat: now, nbf: now + 3600 }, secret),
      ),
    },
    {
      name: 'issued in the future (iat)',
      value: bearer(await createHookToken({ key, now: new Date((now + 3600) * 1000) })),
    },
    {
      name: 'wrong secret',
      value: bearer(
        await createHookToken({ key: { ...key, secret: attacker.toString('base64') } }),
      ),
    },
    {
      name: 'tampered payload',
      value: bearer(`${h}.${Buffer.from(tampered).toString('base64url')}.${s}`),
    },
    { name: 'truncated signature', value: bearer(good.slice(0, -8)) },
    { name: 'two segments', value: bearer(`${h}.${p}`) },
    { name: 'two tokens', value: `Bearer ${good} ${good}` },
    { name: '100 KB header', value: bearer(`${h}.${'A'.repeat(100 * 1024)}.${s}`) },
    {
      name: 'unknown kid (right secret)',
      value: bearer(await createHookToken({ key: { ...key, kid: 'rotated-out' } })),
    },
    {
      name: 'kid path traversal',
      value: bearer(
        hmacJwt({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd' }, claims, attacker),
      ),
    },
    {
      name: 'crit header',
      value: bearer(
        hmacJwt({ alg: 'HS256', typ: 'JWT', kid: 'main', crit: ['exp'] }, claims, secret),
      ),
    },
  ]
}

/** `[[[…1…]]]`, `depth` levels. */
export function deepArray(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`
}

/** A socket that sends a request's head, then its body one byte every `intervalMs`. */
export function slowBody(
  url: string,
  options: {
    readonly headers: Readonly<Record<string, string>>
    readonly body: string
    readonly intervalMs: number
    /** Give up (and report `closedBy: 'client'`) after this long. Default 60 000. */
    readonly maxMs?: number
  },
): Promise<{
  status: number | undefined
  closedAfterMs: number
  bytesSent: number
  closedBy: 'server' | 'client'
}> {
  const { hostname, port, pathname } = new URL(url)
  const started = performance.now()
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: hostname, port: Number(port) })
    let response = ''
    let sent = 0
    let timer: ReturnType<typeof setInterval> | undefined
    let closedBy: 'server' | 'client' = 'server'
    const guard = setTimeout(() => {
      closedBy = 'client'
      socket.destroy()
    }, options.maxMs ?? 60_000)
    const head = [
      `POST ${pathname} HTTP/1.1`,
      `host: ${hostname}:${port}`,
      `content-length: ${Buffer.byteLength(options.body)}`,
      ...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`),
      '',
      '',
    ].join('\r\n')
    socket.on('connect', () => {
      socket.write(head)
      timer = setInterval(() => {
        if (sent >= options.body.length || socket.destroyed) return
        socket.write(options.body[sent++]!)
      }, options.intervalMs)
    })
    socket.on('data', (chunk: Buffer) => {
      response += chunk.toString('latin1')
    })
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearInterval(timer)
      clearTimeout(guard)
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]
      resolve({
        status: status ? Number(status) : undefined,
        closedAfterMs: performance.now() - started,
        bytesSent: sent,
        closedBy,
      })
    })
  })
}
