/**
 * The host's email hash for log lines: an HMAC keyed per deployment, so a log reader with a list
 * of emails cannot hash them and match (a plain SHA-256 of an email can be reversed that way).
 * The key is derived from the first hook secret, so replicas sharing a config agree, and a
 * rotation that appends a key keeps the hashes.
 * @module
 */
import { createHmac } from 'node:crypto'
import type { EmailHasher, HookKey } from '@bubblehouse-hooks/core'

/** Separates this use of the hook secret from any other (the secret itself signs tokens). */
const PURPOSE = 'bubblehouse-hooks/email-hash/v1'

/**
 * @example
 * const hashEmail = createEmailHasher(keys.keys)
 * hashEmail(' Jane@Example.com ') // 16 hex characters, the same on every replica
 */
export function createEmailHasher(keys: readonly HookKey[]): EmailHasher {
  const first = keys[0]
  if (!first) throw new RangeError('an email hasher needs a hook key')
  const key = createHmac('sha256', Buffer.from(first.secret, 'base64')).update(PURPOSE).digest()
  return (email) =>
    createHmac('sha256', key).update(email.trim().toLowerCase()).digest('hex').slice(0, 16)
}
