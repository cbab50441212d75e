/**
 * The auth suite: bad tokens, each mapped to its typed reason by the verifier, and to a generic 401
 * through the handler with no connector reached and the body left unread.
 */
import { createHmac } from 'node:crypto'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  type AuthFailureReason,
  CANONICAL_EVENT,
  ConfigError,
  createHookHandler,
  createHookToken,
  createVerifier,
  type HookKey,
  type VerifierOptions,
} from '../src/index'
import { KEY, OTHER_SECRET, recordingLogger, SECRET, scripted } from './helpers'

/** A fixed "now" (seconds), so every claim below is relative to it. */
const T = 1_750_000_000
const at = (sec: number) => () => new Date(sec * 1000)
const BASE: VerifierOptions = { keys: [KEY], now: at(T) }

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const hmac = (input: string, secret = SECRET, hash = 'sha256') =>
  createHmac(hash, Buffer.from(secret, 'base64')).update(input).digest('base64url')

/** A JWT built by hand, signed with HMAC-SHA256 over `header.payload` unless told otherwise. */
function craft(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  sign: (input: string) => string = (input) => hmac(input),
): string {
  const input = `${b64url(header)}.${b64url(payload)}`
  return `${input}.${sign(input)}`
}

const HEADER = { alg: 'HS256', typ: 'JWT', kid: 'main' }
const CLAIMS = { iat: T, exp: T + 300 }
const good = craft(HEADER, CLAIMS)
const [goodHeader, goodPayload, goodSignature] = good.split('.') as [string, string, string]

interface BadCase {
  readonly name: string
  /** The Authorization header value; `undefined` sends none. */
  readonly authorization: string | undefined | (() => Promise<string>)
  readonly reason: AuthFailureReason
  readonly options?: Partial<VerifierOptions>
}

const bearer = (token: string) => `Bearer ${token}`

const BAD: BadCase[] = [
  { name: 'no header', authorization: undefined, reason: 'missing' },
  { name: 'an empty header', authorization: '', reason: 'missing' },
  { name: 'an empty bearer', authorization: 'Bearer ', reason: 'malformed' },
  { name: 'a bare "Bearer"', authorization: 'Bearer', reason: 'malformed' },
  { name: 'Basic auth', authorization: 'Basic dXNlcjpwYXNz', reason: 'malformed' },
  { name: 'a token without the scheme', authorization: good, reason: 'malformed' },
  { name: 'two tokens', authorization: `Bearer ${good} ${good}`, reason: 'malformed' },
  {
    name: 'a truncated token (two parts)',
    authorization: bearer(`${goodHeader}.${goodPayload}`),
    reason: 'malformed',
  },
  {
    name: 'a header that is not JSON',
    authorization: bearer(
      `${Buffer.from('{nope').toString('base64url')}.${goodPayload}.${goodSignature}`,
    ),
    reason: 'malformed',
  },
  {
    name: 'a signed payload that is not JSON',
    authorization: bearer(
      `${goodHeader}.${Buffer.from('not json').toString('base64url')}.${hmac(`${goodHeader}.${Buffer.from('not json').toString('base64url')}`)}`,
    ),
    reason: 'malformed',
  },
  {
    name: 'a signed iat of the wrong type',
    authorization: bearer(craft(HEADER, { iat: 'yesterday' })),
    reason: 'malformed',
  },
  {
    name: 'a signed header naming an unknown crit extension',
    authorization: bearer(craft({ ...HEADER, crit: ['exp'] }, CLAIMS)),
    reason: 'malformed',
  },
  {
    name: 'a signed unencoded payload (b64: false)',
    authorization: bearer(craft({ ...HEADER, crit: ['b64'], b64: false }, CLAIMS)),
    reason: 'malformed',
  },
  {
    name: 'a header over 8 KiB',
    authorization: bearer(`${goodHeader}.${'A'.repeat(9000)}.${goodSignature}`),
    reason: 'malformed',
  },
  {
    name: 'alg none',
    authorization: bearer(craft({ alg: 'none', typ: 'JWT' }, CLAIMS, () => '')),
    reason: 'wrong_alg',
  },
  {
    name: 'HS512 with the right secret',
    authorization: () =>
      new SignJWT(CLAIMS)
        .setProtectedHeader({ alg: 'HS512', kid: 'main' })
        .sign(Buffer.from(SECRET, 'base64'))
        .then(bearer),
    reason: 'wrong_alg',
  },
  {
    name: 'an RS256 header with an HMAC signature (algorithm confusion)',
    authorization: bearer(craft({ ...HEADER, alg: 'RS256' }, CLAIMS)),
    reason: 'wrong_alg',
  },
  {
    name: 'an expired token',
    authorization: bearer(craft(HEADER, { iat: T - 1000, exp: T - 301 })),
    reason: 'expired',
  },
  {
    name: 'nbf in the future',
    authorization: bearer(craft(HEADER, { ...CLAIMS, nbf: T + 301 })),
    reason: 'not_yet_valid',
  },
  {
    name: 'iat in the future',
    authorization: bearer(craft(HEADER, { iat: T + 301 })),
    reason: 'not_yet_valid',
  },
  {
    name: 'the wrong secret',
    authorization: bearer(craft(HEADER, CLAIMS, (input) => hmac(input, OTHER_SECRET))),
    reason: 'bad_signature',
  },
  {
    name: 'a tampered payload',
    authorization: bearer(
      `${goodHeader}.${b64url({ ...CLAIMS, exp: T + 99_999 })}.${goodSignature}`,
    ),
    reason: 'bad_signature',
  },
  {
    name: 'a tampered header',
    authorization: bearer(
      `${b64url({ ...HEADER, typ: 'at+jwt' })}.${goodPayload}.${goodSignature}`,
    ),
    reason: 'bad_signature',
  },
  {
    name: 'a truncated signature',
    authorization: bearer(good.slice(0, -4)),
    reason: 'bad_signature',
  },
  {
    name: 'a signature cut to invalid base64url',
    authorization: bearer(good.slice(0, -6)),
    reason: 'malformed',
  },
  {
    name: 'an empty signature',
    authorization: bearer(`${goodHeader}.${goodPayload}.`),
    reason: 'bad_signature',
  },
  {
    name: 'an unknown kid',
    authorization: bearer(craft({ ...HEADER, kid: 'retired' }, CLAIMS)),
    reason: 'unknown_kid',
  },
  {
    name: 'a kid removed from the keys',
    authorization: bearer(good),
    reason: 'unknown_kid',
    options: { keys: [{ kid: 'next', secret: OTHER_SECRET }] },
  },
  {
    name: 'a wrong audience',
    authorization: bearer(craft(HEADER, { ...CLAIMS, aud: 'other' })),
    reason: 'claim_mismatch',
    options: { audience: 'BH' },
  },
  {
    name: 'a missing audience',
    authorization: bearer(good),
    reason: 'claim_mismatch',
    options: { audience: 'BH' },
  },
  {
    name: 'a wrong issuer',
    authorization: bearer(craft(HEADER, { ...CLAIMS, iss: 'evil' })),
    reason: 'claim_mismatch',
    options: { issuer: ['bubblehouse', 'bh'] },
  },
  {
    name: 'a wrong subject',
    authorization: bearer(craft(HEADER, { ...CLAIMS, sub: 'other-shop' })),
    reason: 'claim_mismatch',
    options: { subject: 'my-shop' },
  },
  {
    name: 'a token older than maxTokenAge',
    authorization: bearer(craft(HEADER, { iat: T - 400 })),
    reason: 'expired',
    options: { maxTokenAgeSec: 60 },
  },
  {
    name: 'no iat when maxTokenAge is set',
    authorization: bearer(craft(HEADER, { exp: T + 60 })),
    reason: 'claim_mismatch',
    options: { maxTokenAgeSec: 60 },
  },
  {
    name: 'no exp when requireExp is set',
    authorization: bearer(craft(HEADER, { iat: T })),
    reason: 'claim_mismatch',
    options: { requireExp: true },
  },
]

const authorizationOf = async (c: BadCase) =>
  typeof c.authorization === 'function' ? c.authorization() : c.authorization

describe('verifier: bad tokens → typed reasons', () => {
  it.each(BAD)('$name → $reason', async (c) => {
    const verifier = createVerifier({ ...BASE, ...c.options })
    const r = await verifier.verify(await authorizationOf(c))
    expect(r).toMatchObject({ ok: false, reason: c.reason })
  })
})

describe('handler: bad tokens → 401, no connector, body unread', () => {
  it.each(BAD)('$name → 401 ($reason in the log only)', async (c) => {
    const { logger, lines } = recordingLogger()
    const connector = scripted()
    const handler = createHookHandler({
      auth: { ...BASE, ...c.options },
      connectors: { demo: connector.connector },
      logger,
    })
    const authorization = await authorizationOf(c)
    const request = new Request('http://hooks.test/hooks/SendEvent1', {
      method: 'POST',
      headers: authorization === undefined ? {} : { authorization },
      body: JSON.stringify(CANONICAL_EVENT),
    })
    const res = await handler(request)
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'unauthorized' })
    expect(request.bodyUsed).toBe(false)
    expect(connector.calls).toEqual({ plan: 0, deliver: 0 })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'warn', obj: { status: 401, authFailure: c.reason } })
    const tokenPart = authorization?.slice(7) ?? ''
    if (tokenPart.length > 10) expect(JSON.stringify(lines)).not.toContain(tokenPart)
  })
})

describe('verifier: good tokens', () => {
  it('accepts a token from createHookToken and returns kid and claims', async () => {
    const token = await createHookToken({ key: KEY, claims: { aud: 'BH', sub: 'my-shop' } })
    const r = await createVerifier({ keys: [KEY] }).verify(`Bearer ${token}`)
    expect(r).toMatchObject({ ok: true, kid: 'main', claims: { aud: 'BH', sub: 'my-shop' } })
  })

  it('reads the scheme case-insensitively and tolerates extra spaces', async () => {
    const verifier = createVerifier(BASE)
    expect((await verifier.verify(`bearer ${good}`)).ok).toBe(true)
    expect((await verifier.verify(`BEARER \t${good}  `)).ok).toBe(true)
  })

  it('accepts a token without exp (Bubblehouse documents no lifetime)', async () => {
    const token = await createHookToken({ key: KEY, expiresInSec: null })
    expect((await createVerifier({ keys: [KEY] }).verify(`Bearer ${token}`)).ok).toBe(true)
  })

  it('accepts the configured claims when they match', async () => {
    const token = craft(HEADER, { ...CLAIMS, aud: ['BH', 'x'], iss: 'bh', sub: 'my-shop' })
    const verifier = createVerifier({
      ...BASE,
      audience: 'BH',
      issuer: ['bubblehouse', 'bh'],
      subject: 'my-shop',
      maxTokenAgeSec: 60,
      requireExp: true,
    })
    expect((await verifier.verify(bearer(token))).ok).toBe(true)
  })

  it('accepts utf8 secrets when told so', async () => {
    const key: HookKey = { kid: 'plain', secret: 'p'.repeat(32), encoding: 'utf8' }
    const token = await createHookToken({ key })
    expect(await createVerifier({ keys: [key] }).verify(bearer(token))).toMatchObject({
      ok: true,
      kid: 'plain',
    })
  })
})

describe('verifier: key rotation', () => {
  const oldKey: HookKey = { kid: 'old', secret: SECRET }
  const newKey: HookKey = { kid: 'new', secret: OTHER_SECRET }

  it('accepts both kids while both keys are configured', async () => {
    const verifier = createVerifier({ keys: [oldKey, newKey] })
    for (const key of [oldKey, newKey]) {
      const r = await verifier.verify(bearer(await createHookToken({ key })))
      expect(r).toMatchObject({ ok: true, kid: key.kid })
    }
  })

  it('checks a kid with its own key only', async () => {
    const forged = craft({ ...HEADER, kid: 'new' }, CLAIMS)
    const r = await createVerifier({ keys: [oldKey, newKey], now: at(T) }).verify(bearer(forged))
    expect(r).toMatchObject({ ok: false, reason: 'bad_signature' })
  })

  it('tries a token without kid against each key', async () => {
    const verifier = createVerifier({ keys: [oldKey, newKey] })
    const token = await createHookToken({ key: { secret: OTHER_SECRET } })
    expect(await verifier.verify(bearer(token))).toMatchObject({ ok: true, kid: 'new' })
    const neither = craft({ alg: 'HS256' }, CLAIMS, (input) =>
      hmac(input, Buffer.alloc(32, 7).toString('base64')),
    )
    expect(
      await createVerifier({ ...BASE, keys: [oldKey, newKey] }).verify(bearer(neither)),
    ).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    })
  })

  it('reports the real failure of the key that matched, not a bad signature', async () => {
    const expired = craft({ alg: 'HS256' }, { exp: T - 1000 }, (input) => hmac(input, OTHER_SECRET))
    const r = await createVerifier({ keys: [oldKey, newKey], now: at(T) }).verify(bearer(expired))
    expect(r).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('checks a token whose kid no key has against the keys configured without kid', async () => {
    const verifier = createVerifier({ keys: [newKey, { secret: SECRET }], now: at(T) })
    expect(await verifier.verify(bearer(good))).toMatchObject({ ok: true, kid: undefined })
    const forged = craft({ ...HEADER, kid: 'new' }, CLAIMS)
    expect(await verifier.verify(bearer(forged))).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    })
  })
})

describe('verifier: clock tolerance, both directions', () => {
  const exp = bearer(craft(HEADER, { exp: T }))
  const nbf = bearer(craft(HEADER, { nbf: T }))
  const iat = bearer(craft(HEADER, { iat: T }))

  it.each([
    ['exp', exp, T + 299, true],
    ['exp', exp, T + 301, false],
    ['nbf', nbf, T - 299, true],
    ['nbf', nbf, T - 301, false],
    ['iat', iat, T - 299, true],
    ['iat', iat, T - 301, false],
  ] as const)('%s with now = %#: default 300 s', async (_, token, now, ok) => {
    expect((await createVerifier({ keys: [KEY], now: at(now) }).verify(token)).ok).toBe(ok)
  })

  it('honours a configured tolerance', async () => {
    const strict = (now: number) =>
      createVerifier({ keys: [KEY], clockToleranceSec: 0, now: at(now) })
    expect((await strict(T - 1).verify(exp)).ok).toBe(true)
    expect(await strict(T).verify(exp)).toMatchObject({ reason: 'expired' })
    expect(await strict(T - 1).verify(nbf)).toMatchObject({ reason: 'not_yet_valid' })
    expect(await strict(T - 1).verify(iat)).toMatchObject({ reason: 'not_yet_valid' })
    const loose = createVerifier({ keys: [KEY], clockToleranceSec: 3600, now: at(T + 3000) })
    expect((await loose.verify(exp)).ok).toBe(true)
  })
})

describe('verifier: refused at construction, with a path', () => {
  const short = Buffer.alloc(31, 1).toString('base64')

  it.each([
    ['no keys', { keys: [] }, 'auth.keys'],
    [
      'a secret under 32 bytes',
      { keys: [KEY, { kid: 'b', secret: short }] },
      'auth.keys[1].secret',
    ],
    [
      'a utf8 secret under 32 bytes',
      { keys: [{ secret: 'x'.repeat(31), encoding: 'utf8' }] },
      'auth.keys[0].secret',
    ],
    ['bad base64', { keys: [{ secret: 'not base64 at all!' }] }, 'auth.keys[0].secret'],
    ['base64 with whitespace', { keys: [{ secret: `${SECRET}\n` }] }, 'auth.keys[0].secret'],
    [
      'base64 with a lone last character',
      { keys: [{ secret: `${SECRET.replace(/=+$/, '')}AA` }] },
      'auth.keys[0].secret',
    ],
    ['a duplicate kid', { keys: [KEY, { ...KEY, secret: OTHER_SECRET }] }, 'auth.keys[1].kid'],
    ['a negative tolerance', { keys: [KEY], clockToleranceSec: -1 }, 'auth.clockToleranceSec'],
    ['a NaN max age', { keys: [KEY], maxTokenAgeSec: Number.NaN }, 'auth.maxTokenAgeSec'],
  ] as Array<[string, VerifierOptions, string]>)('%s', (_, options, path) => {
    let thrown: unknown
    try {
      createVerifier(options)
    } catch (err) {
      thrown = err
    }
    expect(thrown).toBeInstanceOf(ConfigError)
    expect(thrown).toMatchObject({ code: 'ERR_CONFIG_INVALID', path })
    for (const key of options.keys)
      expect((thrown as Error).message).not.toContain(key.secret.trim())
  })

  it('also through createHookHandler, before any request', () => {
    expect(() =>
      createHookHandler({ auth: { keys: [{ secret: short }] }, connectors: {} }),
    ).toThrow(ConfigError)
  })

  it('accepts exactly 32 bytes, base64 or base64url', () => {
    const bytes = Buffer.alloc(32, 0xfb)
    expect(() => createVerifier({ keys: [{ secret: bytes.toString('base64') }] })).not.toThrow()
    expect(() => createVerifier({ keys: [{ secret: bytes.toString('base64url') }] })).not.toThrow()
  })
})
