/**
 * @bubblehouse-hooks/mailchimp: each Bubblehouse event becomes a consent-safe member upsert
 * (PUT with `status_if_new`, never `status`) and a member event, in at most two calls, through
 * core's keep-alive HTTP client. See README.md for why not the Mailchimp SDK.
 * @module
 */
import { defineConnector, deliverPlan } from '@bubblehouse-hooks/core'
import { checkMailchimp } from './check'
import { dataCenterOf, defaultBaseUrl } from './datacenter'
import { type DeliverDeps, mailchimpHooks } from './deliver'
import { createMailchimpHttp } from './http'
import { createMergeFieldCache } from './merge-fields/cache'
import { resolveMergeFields } from './merge-fields/mapping'
import { MailchimpOptionsSchema } from './options'
import { type PlanSettings, planEvent } from './plan'
import { provisionMergeFields } from './provision'

export default defineConnector({
  id: 'mailchimp',
  description: 'Mailchimp: consent-safe member upsert and member event per Bubblehouse event.',
  options: MailchimpOptionsSchema,
  create(options, env) {
    // The schema guarantees the suffix; '' only keeps the type total.
    const baseUrl = options.baseUrl ?? defaultBaseUrl(dataCenterOf(options.apiKey) ?? '')
    // Mailchimp allows 10 simultaneous connections per key (vendors.md §2.5).
    const http = createMailchimpHttp(env, {
      baseUrl,
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs,
      maxConcurrency: options.maxConcurrency,
    })
    const mergeFields = resolveMergeFields(options)
    const settings: PlanSettings = {
      listId: options.listId,
      statusIfNew: options.statusIfNew,
      createMembers: options.createMembers,
      skipMergeValidation: options.skipMergeValidation,
      sendEvents: options.sendEvents,
      mergeFields,
      eventNames: options.eventNames,
      eventProps: options.eventProps,
      tags: options.tags,
      events: options.events,
    }
    const cache = createMergeFieldCache({
      http,
      listId: options.listId,
      ttlMs: options.mergeFieldsTtlMs,
      now: env.now,
    })
    const deps: DeliverDeps = {
      http,
      listId: options.listId,
      mergeFields: cache,
      metrics: env.metrics,
      now: env.now,
    }
    const probe = { http, listId: options.listId, mergeFields, now: env.now }
    return {
      plan: (event) => planEvent(event, settings),
      deliver: (requests, ctx) =>
        deliverPlan(requests, {
          http,
          signal: ctx.signal,
          logger: ctx.logger,
          metrics: env.metrics,
          now: env.now,
          ...mailchimpHooks(deps, ctx.logger),
        }),
      check: (ctx) => checkMailchimp(ctx, probe),
      provision: (ctx) => provisionMergeFields(ctx, { ...probe, cache }),
      close: () => http.close(),
    }
  },
})

export { MERGE_FIELD_TYPES, type MergeFieldType } from './merge-fields/types'
export { OPERATIONS, type Operation } from './operations'
export {
  MAILCHIMP_EVENT_NAME,
  type MailchimpOptions,
  type MailchimpOptionsInput,
  MailchimpOptionsSchema,
  STATUS_IF_NEW,
} from './options'
export {
  type MailchimpRule,
  MEMBER_STATUS_RESULTS,
  mailchimpErrorCode,
  RULES_BY_OPERATION,
} from './rules'
export { subscriberHash } from './subscriber-hash'
export { EVENT_PROPERTIES_BUDGET } from './translate/properties-budget'
