/**
 * Hook tokens are bearer credentials: whoever holds one can replay it. Bubblehouse does not
 * document its token's claims, so nothing about them is required by default; the host says so
 * once at start, with the setting that closes the window (bh_token_claims_total shows which
 * claims the tokens actually carry).
 * @module
 */
import type { HostConfig } from './config/schema'

/** One start-up warning: facts for the line and its message. */
export interface StartWarning {
  readonly facts: Readonly<Record<string, unknown>>
  readonly msg: string
}

/**
 * The replay warning, or undefined when tokens expire by config (`requireExp`) or by age
 * (`maxTokenAgeSec`).
 * @example
 * const w = tokenReplayWarning(config.auth); if (w) logger.warn(w.facts, w.msg)
 */
export function tokenReplayWarning(auth: HostConfig['auth']): StartWarning | undefined {
  if (auth.requireExp || auth.maxTokenAgeSec !== undefined) return undefined
  return {
    facts: { setting: 'auth.maxTokenAgeSec', metric: 'bh_token_claims_total' },
    msg:
      'hook tokens are accepted without exp and at any age: a token copied from a request can be ' +
      'replayed for as long as its exp allows, or forever without one. Once bh_token_claims_total ' +
      'shows the tokens carry iat (or exp), set auth.maxTokenAgeSec (e.g. 300) or auth.requireExp: true',
  }
}
