/**
 * Log hygiene: every log line written while a scenario runs (the host's pino output, core's
 * logger, a child host's stdout and stderr) goes through a scanner that looks for the hook
 * secret, any JWT, the vendor credentials, any email address and the customers' names.
 * Lines are scanned as they arrive, so a soak run does not keep gigabytes of logs.
 * @module
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '@bubblehouse-hooks/core'
import { FIRST_NAMES, LAST_NAMES } from './events'
import { CACHE_DIR } from './paths'

/** A string that must never appear in a log line, and what to call it in a report. */
export interface Secret {
  readonly label: string
  readonly value: string
}

/** One line that leaked something. */
export interface Leak {
  readonly source: string
  readonly what: string
  /** The line, with the leaked value masked. */
  readonly line: string
}

const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/
const DURATION = /"durationMs":(\d+(?:\.\d+)?)/
const NAMES: readonly string[] = [...FIRST_NAMES, ...LAST_NAMES]

/** What leaked in `line`, if anything. */
export function leakIn(line: string, secrets: readonly Secret[]): string | undefined {
  for (const secret of secrets) if (line.includes(secret.value)) return secret.label
  if (JWT.test(line)) return 'a JWT'
  if (EMAIL.test(line)) return 'an email address'
  const lower = line.toLowerCase()
  for (const name of NAMES) if (lower.includes(name.toLowerCase())) return `the name ${name}`
  return undefined
}

function mask(line: string, secrets: readonly Secret[]): string {
  let out = line
  for (const secret of secrets) out = out.split(secret.value).join(`[${secret.label}]`)
  return out.replace(new RegExp(JWT, 'g'), '[JWT]').slice(0, 400)
}

/** Scans log text as it is written. */
export class LogScanner {
  readonly #secrets: Secret[]
  readonly #file: WriteStream | undefined
  readonly #partial = new Map<string, string>()
  readonly leaks: Leak[] = []
  lines = 0
  /** The slowest answer the host itself logged (`durationMs`), to tell its time from the client's. */
  maxDurationMs = 0
  #closed: Promise<void> | undefined

  /** `name` names the scenario; its lines are also written to .cache/<mode>/logs/<name>.log. */
  constructor(name: string, secrets: readonly Secret[], options: { keep?: boolean } = {}) {
    this.#secrets = [...secrets]
    if (options.keep ?? true) {
      const dir = join(CACHE_DIR, 'logs')
      mkdirSync(dir, { recursive: true })
      this.#file = createWriteStream(join(dir, `${name}.log`), { flags: 'w' })
    }
  }

  /** Add secrets learnt later (e.g. a generated key). */
  addSecret(secret: Secret): void {
    this.#secrets.push(secret)
  }

  /** Feed raw output of `source` (chunks may split lines). */
  write(source: string, text: string): void {
    const buffered = (this.#partial.get(source) ?? '') + text
    const parts = buffered.split('\n')
    this.#partial.set(source, parts.pop() ?? '')
    for (const line of parts) this.#line(source, line)
  }

  /** Scan whatever is left without a newline, and close the log file. */
  close(): Promise<void> {
    for (const [source, rest] of this.#partial) if (rest !== '') this.#line(source, rest)
    this.#partial.clear()
    const file = this.#file
    this.#closed ??= file
      ? new Promise<void>((resolve) => file.end(() => resolve()))
      : Promise.resolve()
    return this.#closed
  }

  #line(source: string, line: string): void {
    if (line.trim() === '') return
    this.lines++
    if (!this.#closed) this.#file?.write(`${source}\t${line}\n`)
    const duration = DURATION.exec(line)
    if (duration) this.maxDurationMs = Math.max(this.maxDurationMs, Number(duration[1]))
    const what = leakIn(line, this.#secrets)
    if (what && this.leaks.length < 50) {
      this.leaks.push({ source, what, line: mask(line, this.#secrets) })
    }
  }

  /** A pino destination for `source`. */
  destination(source: string): { write(text: string): void } {
    return { write: (text) => this.write(source, text) }
  }

  /** A pino-compatible logger (core's `Logger`) writing JSON lines here. */
  logger(source: string, bindings: Record<string, unknown> = {}): Logger {
    const emit = (level: string) => (obj: object, msg?: string) =>
      this.write(
        source,
        `${JSON.stringify({ level, time: Date.now(), ...bindings, ...obj, ...(msg ? { msg } : {}) })}\n`,
      )
    return {
      debug: emit('debug'),
      info: emit('info'),
      warn: emit('warn'),
      error: emit('error'),
      child: (more) => this.logger(source, { ...bindings, ...more }),
    }
  }
}
