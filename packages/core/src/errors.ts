/**
 * Errors thrown by core. Every one carries a stable string `code` (jose style), so callers can
 * `switch (err.code)` without `instanceof`, which breaks when two copies of core end up in one tree.
 * @module
 */

/** Every code an error thrown by core (or by a connector through core's classes) can carry. */
export type ErrorCode =
  | 'ERR_CONFIG_INVALID'
  | 'ERR_AUTH_KEY_TOO_SHORT'
  | 'ERR_AUTH_NO_KEYS'
  | 'ERR_CONNECTOR_INVALID'
  | 'ERR_HTTP_NETWORK'
  | 'ERR_STORE_UNAVAILABLE'

/** Base class of every error core throws. `name` is the subclass name; `code` is stable. */
export class BubblehouseHooksError extends Error {
  readonly code: ErrorCode | (string & {})

  constructor(code: ErrorCode | (string & {}), message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = this.constructor.name
    this.code = code
  }
}

/**
 * A configuration mistake found at start-up. `path` names the place (e.g. `auth.keys[0].secret`)
 * and the message says what to write instead.
 */
export class ConfigError extends BubblehouseHooksError {
  readonly path: string

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('ERR_CONFIG_INVALID', `${path}: ${message}`, options)
    this.path = path
  }
}

/** The store (SQLite, Redis, memory) could not be reached; the handler answers `failure`. */
export class StoreUnavailableError extends BubblehouseHooksError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_STORE_UNAVAILABLE', message, options)
  }
}
