/**
 * What the bare receiver and the Express handler share with the host, so neither does a cheaper
 * check: jose `jwtVerify`, HS256 only, the same 300 s clock tolerance, the key imported once, and
 * core's own `SendEvent1InputSchema`.
 * @module
 */
import { jwtVerify } from 'jose'

export { SendEvent1InputSchema } from '@bubblehouse-hooks/core'

const secret = process.env.BENCH_SECRET
if (!secret) throw new Error('BENCH_SECRET is not set')

const key = await crypto.subtle.importKey(
  'raw',
  Buffer.from(secret, 'base64'),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['verify'],
)

const OPTIONS = { algorithms: ['HS256'], clockTolerance: 300 }
const BEARER = /^Bearer[ \t]+(\S+)$/i

/** True when the Authorization header carries a valid token. */
export async function verified(authorization) {
  const token = BEARER.exec(authorization ?? '')?.[1]
  if (!token) return false
  try {
    await jwtVerify(token, key, OPTIONS)
    return true
  } catch {
    return false
  }
}
