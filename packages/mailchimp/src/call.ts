/** A Mailchimp answer's classification by a rules table. @module */
import {
  classifyResponse,
  type HttpResponse,
  type Result,
  ruleMatches,
} from '@bubblehouse-hooks/core'
import type { MailchimpRule } from './rules'

/** The first row of `rules` that matches (core's DEFAULT_RULES are not consulted). */
export function matchRule(
  rules: readonly MailchimpRule[],
  response: HttpResponse,
): MailchimpRule | undefined {
  return rules.find((rule) => ruleMatches(rule, response))
}

/** Classify with `rules` then core's defaults, adding the row's default retry hint if needed. */
export function classify(
  response: HttpResponse,
  rules: readonly MailchimpRule[],
  now: number,
): Result {
  const result = classifyResponse(response, rules, now)
  const hint = matchRule(rules, response)?.retryAfterDefaultMs
  return result.retryAfterMs === undefined && hint !== undefined
    ? { ...result, retryAfterMs: hint }
    : result
}
