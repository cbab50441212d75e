/** One Mailchimp call through core's HTTP client, and its classification by a rules table. @module */
import {
  classifyError,
  classifyResponse,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type Result,
  ruleMatches,
} from '@bubblehouse-hooks/core'
import type { MailchimpRule } from './rules'

/** What a call gave: a response to classify, or a transport failure already classified. */
export type CallOutcome =
  | { readonly response: HttpResponse; readonly result?: undefined }
  | { readonly result: Result; readonly response?: undefined }

/** Send one request; a thrown transport error becomes a `failure` Result and is never rethrown. */
export async function call(
  http: HttpClient,
  request: HttpRequest,
  signal: AbortSignal,
): Promise<CallOutcome> {
  try {
    return { response: await http.request({ ...request, signal }) }
  } catch (err) {
    return { result: classifyError(err) }
  }
}

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
