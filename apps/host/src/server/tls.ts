/**
 * `listen.tls`: the certificate and key, each a PEM file (relative to the working directory, like
 * the store's path) or the PEM text itself (e.g. from `${TLS_KEY}`). Messages name the setting and the cause, never
 * the key's content.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ConfigIssue } from '../config/errors'
import { codeOf } from '../guards'

/** The `listen.tls` block as configured. */
export interface TlsConfig {
  readonly cert: string
  readonly key: string
}

/** PEM text ready for `createSecureServer`. */
export interface TlsMaterial {
  readonly cert: string
  readonly key: string
}

/** A `listen.tls` value that could not be read or used. */
export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError'
  constructor(
    readonly path: string,
    message: string,
    readonly hint: string,
    options?: ErrorOptions,
  ) {
    super(`${path}: ${message}`, options)
  }
}

const isPem = (value: string) => value.includes('-----BEGIN ')

async function readPem(value: string, path: string): Promise<string> {
  if (isPem(value)) return value
  try {
    return await readFile(resolve(value), 'utf8')
  } catch (err) {
    const code = codeOf(err) ?? 'error'
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`
    // The value is not echoed: text without a PEM header may still be a key.
    throw new TlsSetupError(
      path,
      reason,
      'a PEM file (relative to the working directory) or PEM text',
      {
        cause: err,
      },
    )
  }
}

/** Read the PEM files of `listen.tls`. */
export async function readTls(tls: TlsConfig): Promise<TlsMaterial> {
  const [cert, key] = await Promise.all([
    readPem(tls.cert, 'listen.tls.cert'),
    readPem(tls.key, 'listen.tls.key'),
  ])
  return { cert, key }
}

/** The config issue of a TLS failure: unreadable files, or PEM OpenSSL refused. */
export function tlsIssue(err: unknown): ConfigIssue | undefined {
  if (err instanceof TlsSetupError) {
    return { path: err.path, message: err.message.slice(err.path.length + 2), hint: err.hint }
  }
  const code = codeOf(err)
  if (typeof code !== 'string' || !code.startsWith('ERR_OSSL')) return undefined
  return {
    path: 'listen.tls',
    message: `the certificate and key cannot be used (${code})`,
    hint: 'cert: the PEM certificate chain; key: its unencrypted PEM private key',
  }
}
