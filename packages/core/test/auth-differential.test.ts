/**
 * The synchronous HS256 verifier against jose: the oracle below is the verifier as it was when it
 * called jose's `jwtVerify` with a WebCrypto key (copied verbatim apart from the key import), and
 * every random token must get the same outcome (ok + kid + claims, or the same reason) from both.
 */
import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { decodeProtectedHeader, type JWTPayload, type JWTVerifyOptions, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  type AuthFailureReason,
  createVerifier,
  decodeSecret,
  type HookKey,
  type VerifierOptions,
  type VerifyResult,
} from '../src/index'
import { OTHER_SECRET, SECRET } from './helpers'

// ---- The oracle: the jose-based verifier, as it was ------------------------------------------

const JOSE_REASONS: Readonly<Record<string, AuthFailureReason>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad_signature',
  ERR_JWT_EXPIRED: 'expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'wrong_alg',
  ERR_JWS_INVALID: 'malformed',
  ERR_JWT_INVALID: 'malformed',
  ERR_JOSE_NOT_SUPPORTED: 'malformed',
}
const NOT_YET_CLAIMS: ReadonlySet<string> = new Set(['nbf', 'iat'])

function fail(reason: AuthFailureReason, detail: string): VerifyResult {
  return { ok: false, reason, detail }
}

function reasonOf(err: unknown): VerifyResult {
  const e = err as { code?: string; claim?: string; reason?: string; message?: string }
  if (e?.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = e.claim ?? 'unknown'
    if (e.reason === 'invalid') return fail('malformed', `claim ${claim} has the wrong type`)
    const notYet = NOT_YET_CLAIMS.has(claim) && e.reason === 'check_failed'
    return fail(notYet ? 'not_yet_valid' : 'claim_mismatch', `claim ${claim}`)
  }
  const reason = (e?.code && JOSE_REASONS[e.code]) || 'malformed'
  return fail(reason, e?.code ?? 'unknown error')
}

interface ImportedKey {
  readonly kid: string | undefined
  readonly key: CryptoKey
}

function candidatesFor(keys: readonly ImportedKey[], kid: unknown): readonly ImportedKey[] {
  if (kid === undefined) return keys
  const byKid = keys.filter((k) => k.kid === kid)
  return byKid.length > 0 ? byKid : keys.filter((k) => k.kid === undefined)
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)[ \t]*$/i

/** The old verify(): jose's jwtVerify per candidate key (construction checks left out). */
function createJoseVerifier(options: VerifierOptions) {
  const toleranceSec = options.clockToleranceSec ?? 300
  const imported = Promise.all(
    options.keys.map(async (key, i) => ({
      kid: key.kid,
      key: await crypto.subtle.importKey(
        'raw',
        decodeSecret(key, `auth.keys[${i}]`),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['verify', 'sign'],
      ),
    })),
  )
  const verifyOptions: JWTVerifyOptions = {
    algorithms: ['HS256'],
    clockTolerance: toleranceSec,
    ...(options.audience !== undefined ? { audience: options.audience as string | string[] } : {}),
    ...(options.issuer !== undefined ? { issuer: options.issuer as string | string[] } : {}),
    ...(options.subject !== undefined ? { subject: options.subject } : {}),
    ...(options.maxTokenAgeSec !== undefined ? { maxTokenAge: options.maxTokenAgeSec } : {}),
    ...(options.requireExp ? { requiredClaims: ['exp'] } : {}),
  }
  return {
    async verify(authorization: string | null | undefined): Promise<VerifyResult> {
      if (authorization === null || authorization === undefined || authorization === '') {
        return fail('missing', 'no Authorization header')
      }
      if (authorization.length > 8192) return fail('malformed', 'header too long')
      const token = BEARER.exec(authorization)?.[1]
      if (!token) return fail('malformed', 'not a Bearer JWT')
      let header: ReturnType<typeof decodeProtectedHeader>
      try {
        header = decodeProtectedHeader(token)
      } catch {
        return fail('malformed', 'unreadable JWT header')
      }
      if (header.alg !== 'HS256') return fail('wrong_alg', `alg ${String(header.alg).slice(0, 16)}`)
      const keys = await imported
      const candidates = candidatesFor(keys, header.kid)
      if (candidates.length === 0) return fail('unknown_kid', 'no key has this kid')
      const currentDate = options.now?.() ?? new Date()
      const opts = { ...verifyOptions, currentDate }
      let last: VerifyResult = fail('bad_signature', 'no key matched')
      for (const candidate of candidates) {
        try {
          const { payload } = await jwtVerify(token, candidate.key, opts)
          if (
            typeof payload.iat === 'number' &&
            payload.iat > currentDate.getTime() / 1000 + toleranceSec
          ) {
            return fail('not_yet_valid', 'claim iat')
          }
          return { ok: true, kid: candidate.kid, claims: payload }
        } catch (err) {
          last = reasonOf(err)
          if (last.ok === false && last.reason !== 'bad_signature') return last
        }
      }
      return last
    },
  }
}

// ---- Tokens ------------------------------------------------------------------------------------

/** A fixed "now" (seconds); every claim and clock below is near it. */
const T = 1_750_000_000
const THIRD_SECRET = Buffer.alloc(32, 7).toString('base64')
const STRANGER_SECRET = Buffer.alloc(40, 9).toString('base64')

const enc = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url')
const json = (value: unknown) => enc(JSON.stringify(value))
const hmac = (input: string, secret: string, hash = 'sha256') =>
  createHmac(hash, Buffer.from(secret, 'base64')).update(input).digest()

/** What both verifiers are compared on: outcome and reason, or kid and claims. */
const view = (r: VerifyResult) =>
  r.ok ? { ok: true, kid: r.kid, claims: r.claims } : { ok: false, reason: r.reason }

async function both(options: VerifierOptions, authorization: string | null | undefined) {
  const actual = await createVerifier(options).verify(authorization)
  const expected = await createJoseVerifier(options).verify(authorization)
  return { actual, expected }
}

/** `undefined` (left out of the JSON) `absent` times in `absent + 1`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 3) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 })
const mostly = <T>(value: T, others: fc.Arbitrary<unknown>, weight = 6) =>
  fc.oneof({ arbitrary: fc.constant(value), weight }, { arbitrary: others, weight: 1 })

const headerObject = fc.record({
  alg: mostly('HS256', fc.constantFrom('HS512', 'none', 'RS256', 'hs256', 1, null, undefined)),
  typ: sometimes(fc.constantFrom('JWT', 'at+jwt', 7), 1),
  kid: fc.constantFrom('main', 'next', 'old', 'retired', 1, null, undefined, undefined),
  crit: sometimes(
    fc.constantFrom<unknown>(
      [],
      ['b64'],
      ['b64', 'b64'],
      ['exp'],
      [''],
      [1],
      ['b64', 'zip'],
      'b64',
      null,
    ),
    4,
  ),
  b64: sometimes(fc.constantFrom<unknown>(true, false, 'true', null), 3),
})

/** Header bytes that are not a JSON object, or are one in an unusual spelling. */
const RAW_HEADERS: readonly (string | Uint8Array)[] = [
  '{nope',
  '[]',
  '1',
  'null',
  '"HS256"',
  '\uFEFF{"alg":"HS256"}',
  '{"alg":"none","alg":"HS256"}',
  '{"alg":"HS256","__proto__":{"kid":"main","crit":["x"]}}',
  new Uint8Array([0x7b, 0x22, 0x61, 0xff, 0x22, 0x7d]),
]
const headerSegment = fc.oneof(
  { arbitrary: headerObject.map(json), weight: 12 },
  { arbitrary: fc.constantFrom(...RAW_HEADERS).map(enc), weight: 1 },
  { arbitrary: fc.json({ maxDepth: 2 }).map(enc), weight: 1 },
)

const time = fc.oneof(
  fc.integer({ min: -800, max: 800 }).map((d) => T + d),
  fc.double({ min: -800, max: 800, noNaN: true }).map((d) => T + d),
  fc.constantFrom(-301, -300, -299, -1, 0, 1, 299, 300, 301, 60, 61, -60, -61).map((d) => T + d),
  // Within a second of a tolerance (+ max age) boundary: sub-second clocks must round as jose does.
  fc
    .tuple(
      fc.constantFrom(0, 1.5, 60, 61.5, 120, 300, 360, 600, 601.5, 660, 900),
      fc.constantFrom(1, -1),
      fc.double({ min: -1, max: 1, noNaN: true }),
    )
    .map(([offset, sign, fraction]) => T + sign * offset + fraction),
)
const numericDate = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: time, weight: 4 },
  { arbitrary: fc.constantFrom<unknown>('x', null, true, [], {}, String(T)), weight: 1 },
)
const claimsObject = fc.record({
  iat: numericDate,
  nbf: numericDate,
  exp: numericDate,
  aud: sometimes(
    fc.constantFrom<unknown>('BH', 'other', ['BH', 'x'], ['x'], [], [1, 'BH'], 1, null),
  ),
  iss: sometimes(fc.constantFrom<unknown>('bh', 'bubblehouse', 'evil', 1, null, ['bh'])),
  sub: sometimes(fc.constantFrom<unknown>('my-shop', 'other', 1)),
  jti: sometimes(fc.string({ maxLength: 8 })),
})

/** Payload bytes that are not a JSON object, or are one in an unusual spelling. */
const RAW_PAYLOADS: readonly (string | Uint8Array)[] = [
  'not json',
  '[]',
  '[{"exp":1}]',
  '1',
  'null',
  '"claims"',
  '',
  '\uFEFF{}',
  `{"exp":1e400,"iat":${T}}`,
  '{"nbf":-1e400}',
  '{"__proto__":{"exp":1}}',
  `{"exp":1,"exp":${T + 100}}`,
  new Uint8Array([0x7b, 0x7d, 0xc3]),
]
const payloadSegment = fc.oneof(
  { arbitrary: claimsObject.map(json), weight: 12 },
  { arbitrary: fc.constantFrom(...RAW_PAYLOADS).map(enc), weight: 1 },
  { arbitrary: fc.json({ maxDepth: 2 }).map(enc), weight: 1 },
)

/** How the signature segment is made from `header.payload`. */
const SIGNERS: Readonly<Record<string, (input: string) => string>> = {
  main: (input) => enc(hmac(input, SECRET)),
  next: (input) => enc(hmac(input, OTHER_SECRET)),
  third: (input) => enc(hmac(input, THIRD_SECRET)),
  stranger: (input) => enc(hmac(input, STRANGER_SECRET)),
  hs512: (input) => enc(hmac(input, SECRET, 'sha512')),
  short: (input) => enc(hmac(input, SECRET).subarray(0, 31)),
  long: (input) => enc(Buffer.concat([hmac(input, SECRET), Buffer.of(0)])),
  empty: () => '',
  notBase64url: (input) => enc(hmac(input, SECRET)).slice(0, 41),
}
const signer = fc.oneof(
  { arbitrary: fc.constantFrom('main', 'next', 'third'), weight: 8 },
  { arbitrary: fc.constantFrom(...Object.keys(SIGNERS)), weight: 2 },
)

/** One character replaced, or one appended (changing the length mod 4), in one segment. */
const tamper = sometimes(
  fc.record({
    part: fc.integer({ min: 0, max: 2 }),
    at: fc.nat(),
    char: fc.constantFrom(...'AQgw_-09xyz'),
    append: fc.boolean(),
  }),
  6,
)

const token = fc
  .record({ header: headerSegment, payload: payloadSegment, signer, tamper })
  .map(({ header, payload, signer, tamper }) => {
    const input = `${header}.${payload}`
    const parts = [header, payload, SIGNERS[signer]!(input)]
    if (tamper) {
      const part = parts[tamper.part]!
      const i = part.length === 0 ? 0 : tamper.at % part.length
      parts[tamper.part] = tamper.append
        ? `${part}${tamper.char}`
        : `${part.slice(0, i)}${tamper.char}${part.slice(i + 1)}`
    }
    return parts.join('.')
  })

const authorization = fc.oneof(
  { arbitrary: token.map((t) => `Bearer ${t}`), weight: 30 },
  { arbitrary: token.map((t) => `bEaReR \t${t} `), weight: 2 },
  { arbitrary: token, weight: 1 },
  { arbitrary: token.map((t) => `Bearer ${t}${'A'.repeat(8200)}`), weight: 1 },
  { arbitrary: fc.constantFrom(null, undefined, '', 'Bearer', 'Basic dXNlcjpwYXNz'), weight: 1 },
)

/** Key sets: with and without kid, one to three keys, in any order; kids stay unique. */
const KEY_POOL: readonly HookKey[] = [
  { kid: 'main', secret: SECRET },
  { kid: 'next', secret: OTHER_SECRET },
  { kid: 'old', secret: THIRD_SECRET },
  { secret: THIRD_SECRET },
  { secret: SECRET },
  { secret: 'c'.repeat(32), encoding: 'utf8' },
]

const verifierOptions = fc.record({
  keys: fc.shuffledSubarray([...KEY_POOL], { minLength: 1, maxLength: 3 }),
  clockToleranceSec: fc.constantFrom(undefined, 0, 60, 300, 1.5),
  audience: sometimes(fc.constantFrom<string | string[]>('BH', ['BH', 'other'], [])),
  issuer: sometimes(fc.constantFrom<string | string[]>('bh', ['bubblehouse', 'bh'])),
  subject: sometimes(fc.constant('my-shop')),
  maxTokenAgeSec: sometimes(fc.constantFrom(0, 60, 600)),
  requireExp: sometimes(fc.boolean()),
  nowMs: fc.oneof(
    fc.integer({ min: 0, max: 999 }).map((ms) => T * 1000 + ms),
    fc.integer({ min: -400_000, max: 400_000 }).map((ms) => T * 1000 + ms),
  ),
})

/** Tokens signed by one of `keys` (its kid in the header, or none): their claims decide. */
const signedBy = (keys: readonly HookKey[]) =>
  fc
    .record({
      key: fc.constantFrom(...keys),
      withKid: fc.boolean(),
      typ: sometimes(fc.constantFrom('JWT', 'at+jwt'), 1),
      crit: sometimes(
        fc.constantFrom<object>({ crit: ['b64'], b64: true }, { crit: ['b64'], b64: false }),
        8,
      ),
      payload: payloadSegment,
      tamper: sometimes(fc.constant(true), 12),
    })
    .map(({ key, withKid, typ, crit, payload, tamper }) => {
      const header = json({
        alg: 'HS256',
        typ,
        ...(withKid && key.kid !== undefined ? { kid: key.kid } : {}),
        ...crit,
      })
      const input = `${header}.${payload}`
      const signature = createHmac('sha256', decodeSecret(key, 'key')).update(input).digest()
      return `Bearer ${input}.${enc(tamper ? signature.reverse() : signature)}`
    })

// ---- Tests -------------------------------------------------------------------------------------

type Outcome = AuthFailureReason | 'ok'
type Drawn<A> = A extends fc.Arbitrary<infer V> ? V : never

/**
 * Asserts both verifiers agree on every run, and that each of `outcomes` came up more than 10
 * times (or the generators are too narrow to compare anything).
 */
async function agree(
  cases: fc.Arbitrary<{ options: VerifierOptions; authorization: string | null | undefined }>,
  numRuns: number,
  outcomes: readonly Outcome[],
): Promise<void> {
  const seen = new Map<Outcome, number>()
  await fc.assert(
    fc.asyncProperty(cases, async ({ options, authorization }) => {
      const { actual, expected } = await both(options, authorization)
      expect(view(actual)).toEqual(view(expected))
      const outcome = actual.ok ? 'ok' : actual.reason
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
    }),
    { numRuns },
  )
  for (const outcome of outcomes) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(10)
}

const withClock = ({ nowMs, ...rest }: Drawn<typeof verifierOptions>): VerifierOptions => ({
  ...rest,
  now: () => new Date(nowMs),
})

describe('differential: the synchronous verifier agrees with jose', () => {
  it('on random tokens, headers, claims, keys and options (3,000 runs)', async () => {
    const cases = fc.record({ options: verifierOptions.map(withClock), authorization })
    await agree(cases, 3000, ['missing', 'malformed', 'bad_signature', 'wrong_alg', 'unknown_kid'])
  }, 120_000)

  it('on tokens signed by a configured key, with random claims and options (1,500 runs)', async () => {
    const cases = verifierOptions.chain((options) =>
      signedBy(options.keys).map((authorization) => ({
        options: withClock(options),
        authorization,
      })),
    )
    await agree(cases, 1500, ['ok', 'expired', 'not_yet_valid', 'claim_mismatch', 'malformed'])
  }, 120_000)
})

describe('differential: edge cases, each with its expected reason', () => {
  const KEYS: VerifierOptions = {
    keys: [{ kid: 'main', secret: SECRET }],
    now: () => new Date(T * 1000),
  }
  const HEADER = json({ alg: 'HS256', kid: 'main' })
  const CLAIMS = json({ iat: T, exp: T + 300 })
  const signed = (header: string, payload: string, sign = SIGNERS.main!) =>
    `Bearer ${header}.${payload}.${sign(`${header}.${payload}`)}`

  const CASES: ReadonlyArray<readonly [string, string, AuthFailureReason | 'ok']> = [
    ['a valid token', signed(HEADER, CLAIMS), 'ok'],
    ['a signature one byte short', signed(HEADER, CLAIMS, SIGNERS.short), 'bad_signature'],
    ['a signature one byte long', signed(HEADER, CLAIMS, SIGNERS.long), 'bad_signature'],
    ['an HS512-length signature', signed(HEADER, CLAIMS, SIGNERS.hs512), 'bad_signature'],
    ['an empty signature', signed(HEADER, CLAIMS, SIGNERS.empty), 'bad_signature'],
    [
      'a signature that is not base64url',
      signed(HEADER, CLAIMS, SIGNERS.notBase64url),
      'malformed',
    ],
    [
      'a signature that is not base64url, signed by nobody',
      signed(HEADER, CLAIMS, () => 'AAAAA'),
      'malformed',
    ],
    ['a header that is not JSON', signed(enc('{"alg":"HS256"'), CLAIMS), 'malformed'],
    ['a header that is a JSON array', signed(enc('["HS256"]'), CLAIMS), 'malformed'],
    [
      'a header that is not UTF-8',
      signed(enc(new Uint8Array([0x7b, 0xff, 0x7d])), CLAIMS),
      'malformed',
    ],
    ['a header segment of 4n+1 characters', signed(`${HEADER}A`, CLAIMS), 'malformed'],
    ['a header without alg', signed(json({ kid: 'main' }), CLAIMS), 'wrong_alg'],
    ['a signed payload that is not JSON', signed(HEADER, enc('not json')), 'malformed'],
    ['a signed payload that is a JSON array', signed(HEADER, enc('[1,2]')), 'malformed'],
    ['a signed payload that is a JSON number', signed(HEADER, enc('42')), 'malformed'],
    ['a signed payload that is JSON null', signed(HEADER, enc('null')), 'malformed'],
    ['a signed payload of 4n+1 characters', signed(HEADER, `${CLAIMS}A`), 'malformed'],
    [
      'a signed payload that is not UTF-8',
      signed(HEADER, enc(new Uint8Array([0x7b, 0x7d, 0xc3]))),
      'malformed',
    ],
    ['a signed payload with a BOM (jose drops it)', signed(HEADER, enc('\uFEFF{}')), 'ok'],
    ['crit: []', signed(json({ alg: 'HS256', crit: [] }), CLAIMS), 'malformed'],
    ['crit: [""]', signed(json({ alg: 'HS256', crit: [''] }), CLAIMS), 'malformed'],
    ['crit: "b64"', signed(json({ alg: 'HS256', crit: 'b64' }), CLAIMS), 'malformed'],
    [
      'an unknown crit extension',
      signed(json({ alg: 'HS256', crit: ['exp'], exp: 1 }), CLAIMS),
      'malformed',
    ],
    [
      'an unknown crit extension, wrongly signed (refused before the signature)',
      signed(json({ alg: 'HS256', crit: ['zip'] }), CLAIMS, SIGNERS.stranger),
      'malformed',
    ],
    ['crit b64 without b64', signed(json({ alg: 'HS256', crit: ['b64'] }), CLAIMS), 'malformed'],
    [
      'crit b64 with b64: "true"',
      signed(json({ alg: 'HS256', crit: ['b64'], b64: 'true' }), CLAIMS),
      'malformed',
    ],
    [
      'crit b64 with b64: true (jose accepts it)',
      signed(json({ alg: 'HS256', crit: ['b64'], b64: true }), CLAIMS),
      'ok',
    ],
    [
      'crit b64 with b64: false',
      signed(json({ alg: 'HS256', crit: ['b64'], b64: false }), CLAIMS),
      'malformed',
    ],
    [
      'crit b64 with b64: false, wrongly signed',
      signed(json({ alg: 'HS256', crit: ['b64'], b64: false }), CLAIMS, SIGNERS.stranger),
      'bad_signature',
    ],
    ['b64: false without crit (ignored)', signed(json({ alg: 'HS256', b64: false }), CLAIMS), 'ok'],
    ['an exp of 1e400 (Infinity)', signed(HEADER, enc('{"exp":1e400}')), 'ok'],
    ['exp null', signed(HEADER, json({ exp: null })), 'malformed'],
    [
      'a string nbf in the future with a string iat',
      signed(HEADER, json({ iat: 'x', nbf: T + 999 })),
      'malformed',
    ],
    [
      'nbf in the future with a string exp',
      signed(HEADER, json({ nbf: T + 999, exp: 'x' })),
      'not_yet_valid',
    ],
    [
      'expired with a future nbf',
      signed(HEADER, json({ nbf: T + 999, exp: T - 999 })),
      'not_yet_valid',
    ],
  ]

  it.each(CASES)('%s → %s', async (_, header, reason) => {
    const { actual, expected } = await both(KEYS, header)
    expect(actual.ok ? 'ok' : actual.reason).toBe(reason)
    expect(view(actual)).toEqual(view(expected))
  })

  it('rounds the clock down for exp, nbf and max age as jose does, but not for the future-iat rule', async () => {
    const options: VerifierOptions = { ...KEYS, now: () => new Date(T * 1000 + 500) }
    const claims: ReadonlyArray<readonly [Record<string, unknown>, Outcome]> = [
      [{ exp: T - 299.7 }, 'ok'],
      [{ exp: T - 300 }, 'expired'],
      [{ nbf: T + 300.2 }, 'not_yet_valid'],
      [{ iat: T + 300.4 }, 'ok'],
      [{ iat: T + 300.6 }, 'not_yet_valid'],
    ]
    for (const [payload, outcome] of claims) {
      const { actual, expected } = await both(options, signed(HEADER, json(payload)))
      expect(actual.ok ? 'ok' : actual.reason, JSON.stringify(payload)).toBe(outcome)
      expect(view(actual)).toEqual(view(expected))
    }
  })

  it('claims fail in jose order: presence, then iss, sub, aud, then the clock', async () => {
    const options: VerifierOptions = {
      ...KEYS,
      issuer: 'bh',
      subject: 'my-shop',
      audience: 'BH',
      maxTokenAgeSec: 60,
      requireExp: true,
    }
    const claims: ReadonlyArray<readonly [Record<string, unknown>, AuthFailureReason, string]> = [
      [{}, 'claim_mismatch', 'claim iss'],
      [{ iss: 'evil' }, 'claim_mismatch', 'claim sub'],
      [{ iss: 'evil', sub: 'x', aud: 'x', iat: T, exp: T }, 'claim_mismatch', 'claim iss'],
      [{ iss: 'bh', sub: 'x', aud: 'x', iat: T, exp: T }, 'claim_mismatch', 'claim sub'],
      [{ iss: 'bh', sub: 'my-shop', aud: 'x', iat: T, exp: T }, 'claim_mismatch', 'claim aud'],
      [
        { iss: 'bh', sub: 'my-shop', aud: ['BH'], iat: T - 999, exp: T - 999 },
        'expired',
        'claim exp',
      ],
      [
        { iss: 'bh', sub: 'my-shop', aud: ['BH'], iat: T - 999, exp: T + 9 },
        'expired',
        'claim iat too old',
      ],
      [
        { iss: 'bh', sub: 'my-shop', aud: ['BH'], iat: T + 999, exp: T + 9 },
        'not_yet_valid',
        'claim iat',
      ],
    ]
    for (const [payload, reason, detail] of claims) {
      const { actual, expected } = await both(options, signed(HEADER, json(payload)))
      expect(actual).toEqual({ ok: false, reason, detail })
      expect(view(actual)).toEqual(view(expected))
    }
  })

  it('returns the claims as parsed, typed as JWTPayload', async () => {
    const r = await createVerifier(KEYS).verify(signed(HEADER, json({ iat: T, extra: [1, 'a'] })))
    const claims: JWTPayload | undefined = r.ok ? r.claims : undefined
    expect(claims).toEqual({ iat: T, extra: [1, 'a'] })
  })
})
