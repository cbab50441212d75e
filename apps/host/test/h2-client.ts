/** node:http2 client helpers for the HTTP/2 and TLS tests: signed hook requests on one session. */
import type { ClientHttp2Session, ClientHttp2Stream } from 'node:http2'
import { createHookToken } from '@bubblehouse-hooks/core'

/** An answer read whole. */
export interface H2Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, unknown>>
  readonly text: string
  /** `outcome` of a SendEvent1 answer. */
  readonly outcome: string | undefined
}

/** Headers of a signed hook request (`:path` and the bearer token). */
export async function hookHeaders(
  path: string,
  secret: string,
  extra: Record<string, string | number> = {},
): Promise<Record<string, string | number>> {
  const token = await createHookToken({ key: { kid: 'main', secret } })
  return {
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    ...extra,
  }
}

/** Read a stream's answer to the end. */
export function readAnswer(stream: ClientHttp2Stream): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    let headers: Record<string, unknown> = {}
    let text = ''
    stream.setEncoding('utf8')
    stream.on('response', (h) => {
      headers = { ...h }
    })
    stream.on('data', (chunk: string) => {
      text += chunk
    })
    stream.on('error', reject)
    stream.on('end', () => {
      let outcome: string | undefined
      try {
        const parsed = JSON.parse(text) as { outcome?: unknown }
        if (typeof parsed.outcome === 'string') outcome = parsed.outcome
      } catch {}
      resolve({ status: Number(headers[':status']), headers, text, outcome })
    })
  })
}

/** POST a signed hook with its whole body on `session`. */
export async function h2Hook(
  session: ClientHttp2Session,
  secret: string,
  hook: 'Hello1' | 'SendEvent1',
  body: unknown,
): Promise<H2Answer> {
  const stream = session.request(await hookHeaders(`/hooks/${hook}`, secret))
  const answer = readAnswer(stream)
  stream.end(typeof body === 'string' ? body : JSON.stringify(body))
  return answer
}

/** GET `path` on `session`. */
export function h2Get(session: ClientHttp2Session, path: string): Promise<H2Answer> {
  const stream = session.request({ ':method': 'GET', ':path': path })
  const answer = readAnswer(stream)
  stream.end()
  return answer
}

/** Resolves once `session` is connected (or rejects with its error). */
export function connected(session: ClientHttp2Session): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    session.once('connect', () => {
      session.off('error', reject)
      resolve(session)
    })
    session.once('error', reject)
  })
}

/** Close a session and wait for it. */
export function closeSession(session: ClientHttp2Session): Promise<void> {
  return new Promise((resolve) => {
    if (session.closed || session.destroyed) resolve()
    else session.close(() => resolve())
  })
}

/** Wait until `check` holds (the test's timeout bounds the wait). */
export async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10))
}
