/**
 * The classification rule engine: a vendor response is matched against an ordered table of rules
 * (status + body matchers → outcome + code). Connectors put their own rows in front of
 * {@link DEFAULT_RULES}; the first match wins.
 * @module
 */
import type { Outcome, Result } from '../outcome'
import { DEFAULT_RULES } from './default-rules'
import { parseRetryAfter } from './retry-after'

/** A vendor's HTTP answer, as connectors and the HTTP client see it. */
export interface VendorResponse {
  /** HTTP status code. */
  readonly status: number
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  /** Parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  readonly body: unknown
}

/** A status matcher: one code, a list, or an inclusive range. */
export type StatusMatcher =
  | number
  | readonly number[]
  | { readonly min: number; readonly max: number }

/** A value matcher: equal to a string, number or boolean, or a RegExp tested on the text. */
export type ValueMatcher = string | number | boolean | RegExp

/**
 * When a rule applies. Every given field must match.
 * - `status`: the HTTP status.
 * - `body`: dot paths into the JSON body; where a path crosses an array, any element may match
 *   (`'errors.code': 'invalid'` matches `{errors: [{code: 'x'}, {code: 'invalid'}]}`).
 * - `test`: a predicate for what paths cannot say.
 */
export interface RuleMatch {
  /** The HTTP status: one code, a list, or an inclusive range. */
  readonly status?: StatusMatcher
  /** Dot path into the JSON body → the value (or RegExp) some value at that path must match. */
  readonly body?: Readonly<Record<string, ValueMatcher>>
  /** A predicate for what paths cannot say; runs after `status` and `body` matched. */
  readonly test?: (response: VendorResponse) => boolean
}

/**
 * One row of a classification table.
 * @example
 * const rule: ClassifyRule = {
 *   code: 'MAILCHIMP_COMPLIANCE_STATE',
 *   when: { status: 400, body: { title: /Member In Compliance State/ } },
 *   outcome: 'unsubscribed',
 *   reason: 'the member is unsubscribed or cleaned',
 * }
 */
export interface ClassifyRule {
  /** Stable code for logs and metrics, e.g. `KLAVIYO_INVALID_EMAIL`. */
  readonly code: string
  /** When the rule applies; every given part must match (`{}` matches anything). */
  readonly when: RuleMatch
  /** The outcome a matching response gets. */
  readonly outcome: Outcome
  /** Short, PII-free explanation. */
  readonly reason: string
  /**
   * Read a wait hint into `retryAfterMs`: `true` reads `Retry-After`; a list names the headers to
   * try in order (lower case), each read as `Retry-After` is (seconds or an HTTP date), e.g.
   * `['retry-after', 'x-ratelimit-reset']` for a vendor that sends either.
   */
  readonly retryAfter?: boolean | readonly string[]
}

function statusMatches(matcher: StatusMatcher, status: number): boolean {
  if (typeof matcher === 'number') return matcher === status
  if ('min' in matcher) return status >= matcher.min && status <= matcher.max
  return matcher.includes(status)
}

/** Arrays (nested ones too) become their elements. */
const spread = (values: unknown[]): unknown[] =>
  values.flatMap((v) => (Array.isArray(v) ? v.flat(Number.POSITIVE_INFINITY) : [v]))

/**
 * Every value at a dot path, descending into each element of the arrays it crosses (nested
 * arrays included). Only own keys are followed, so `__proto__` or `constructor` find nothing.
 * @example
 * valuesAtPath({ errors: [{ code: 'a' }, { code: 'b' }] }, 'errors.code') // ['a', 'b']
 */
export function valuesAtPath(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value]
  for (const segment of path.split('.')) {
    const next: unknown[] = []
    for (const item of spread(current)) {
      if (item !== null && typeof item === 'object' && Object.hasOwn(item, segment)) {
        next.push((item as Record<string, unknown>)[segment])
      }
    }
    current = next
  }
  return spread(current)
}

function valueMatches(matcher: ValueMatcher, value: unknown): boolean {
  if (matcher instanceof RegExp) {
    if (typeof value !== 'string' && typeof value !== 'number') return false
    // A /g or /y RegExp remembers where it stopped; rules are shared, so start over each time.
    matcher.lastIndex = 0
    return matcher.test(String(value))
  }
  return value === matcher
}

/** True when every part of `rule.when` matches `response`. */
export function ruleMatches(rule: ClassifyRule, response: VendorResponse): boolean {
  const { status, body, test } = rule.when
  if (status !== undefined && !statusMatches(status, response.status)) return false
  if (body) {
    for (const [path, matcher] of Object.entries(body)) {
      if (!valuesAtPath(response.body, path).some((v) => valueMatches(matcher, v))) return false
    }
  }
  return test ? test(response) : true
}

const RETRY_AFTER_HEADERS: readonly string[] = ['retry-after']

/** The first readable wait hint among the rule's headers. */
function retryAfterOf(
  rule: ClassifyRule,
  response: VendorResponse,
  now: number,
): number | undefined {
  if (!rule.retryAfter) return undefined
  const names = rule.retryAfter === true ? RETRY_AFTER_HEADERS : rule.retryAfter
  for (const name of names) {
    const ms = parseRetryAfter(response.headers[name], now)
    if (ms !== undefined) return ms
  }
  return undefined
}

/**
 * Classify a vendor response: the first matching rule of `rules`, then of {@link DEFAULT_RULES}.
 * @example
 * classifyResponse({ status: 429, headers: { 'retry-after': '3' }, body: {} })
 * // { outcome: 'failure', code: 'HTTP_429', reason: '…', retryAfterMs: 3000, vendorStatus: 429 }
 */
export function classifyResponse(
  response: VendorResponse,
  rules: readonly ClassifyRule[] = [],
  now: number = Date.now(),
): Result {
  const rule =
    rules.find((r) => ruleMatches(r, response)) ??
    DEFAULT_RULES.find((r) => ruleMatches(r, response))
  if (!rule) {
    return {
      outcome: 'failure',
      code: 'HTTP_UNKNOWN',
      reason: 'unexpected vendor status',
      vendorStatus: response.status,
    }
  }
  const retryAfterMs = retryAfterOf(rule, response, now)
  return {
    outcome: rule.outcome,
    code: rule.code,
    reason: rule.reason,
    vendorStatus: response.status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  }
}

/**
 * A classifier bound to a connector's own rules, so the table is written once.
 * @example
 * const classify = createClassifier(KLAVIYO_RULES)
 * classify(response) // Result
 */
export function createClassifier(
  rules: readonly ClassifyRule[],
): (response: VendorResponse, now?: number) => Result {
  return (response, now) => classifyResponse(response, rules, now)
}
