/**
 * The ioredis connection the store owns, tuned to fail fast: no offline queue, no resend after a
 * reconnect, a command timeout. A hook request must answer `failure` within its deadline when
 * Redis is down, never wait for it to come back.
 * @module
 */
import { Redis } from 'ioredis'

/** Longest wait between two reconnection attempts while Redis is down, in ms. */
const RECONNECT_MAX_MS = 1_000

/** A client that rejects commands at once while disconnected and keeps reconnecting in the background. */
export function createClient(url: string, connectTimeoutMs: number, commandTimeoutMs: number) {
  const client = new Redis(url, {
    connectionName: 'bubblehouse-hooks',
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    // Queued commands would run after their caller gave up; a resent SET NX would take a lock
    // nobody holds. Reject instead: the handler answers `failure` and Bubblehouse retries.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, RECONNECT_MAX_MS),
  })
  // Failures reach callers as rejected commands; without a listener ioredis prints each one.
  client.on('error', () => {})
  return client
}

/**
 * A gate every command passes: resolves at once when connected, waits up to `waitMs` while a
 * connection attempt is under way (the first one after start, or a reconnect), and rejects at once
 * while Redis is known to be unreachable. Without it the first commands after start would fail,
 * because the offline queue is off.
 */
export function readiness(client: Redis, waitMs: number): () => Promise<void> {
  let pending: Promise<void> | undefined
  return () => {
    const { status } = client
    if (status === 'ready') return Promise.resolve()
    if (status === 'wait') client.connect().catch(() => {})
    if (status === 'wait' || status === 'connecting' || status === 'connect') {
      pending ??= waitForReady(client, waitMs).finally(() => {
        pending = undefined
      })
      return pending
    }
    return Promise.reject(new Error(`not connected to Redis (${status})`))
  }
}

function waitForReady(client: Redis, waitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (err?: Error) => {
      clearTimeout(timer)
      client.off('ready', onReady)
      client.off('close', onClose)
      if (err) reject(err)
      else resolve()
    }
    const onReady = () => settle()
    const onClose = () => settle(new Error('the connection to Redis failed'))
    const timer = setTimeout(
      () => settle(new Error(`no connection to Redis after ${waitMs} ms`)),
      waitMs,
    )
    timer.unref()
    client.once('ready', onReady)
    client.once('close', onClose)
  })
}
