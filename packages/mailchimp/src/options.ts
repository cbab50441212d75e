/** The `mailchimp:` block of the host config. @module */
import {
  EventFilterSchema,
  EventNameMappingSchema,
  EventPropsSourcesSchema,
  timeoutMsOption,
} from '@bubblehouse-hooks/core'
import { z } from 'zod'
import { dataCenterOf, dataCenterOfUrl } from './datacenter'
import { DEFAULT_FIRST_NAME_TAG, DEFAULT_LAST_NAME_TAG } from './merge-fields/defaults'
import { duplicateTags, resolveMergeFields } from './merge-fields/mapping'
import { MERGE_FIELD_TYPES, MergeTagSchema } from './merge-fields/types'

/**
 * Mailchimp event names: 2–30 letters, digits, `_` or `-`.
 * https://mailchimp.com/developer/marketing/api/list-member-events/add-event/
 */
export const MAILCHIMP_EVENT_NAME = /^[A-Za-z0-9_-]{2,30}$/

/** Statuses a new member may get. Never `subscribed` unless the operator chooses it. */
export const STATUS_IF_NEW = ['transactional', 'pending', 'subscribed'] as const

const MergeFieldOption = z.union([
  MergeTagSchema.describe('The merge tag (a text field when provision creates it).'),
  z.object({
    tag: MergeTagSchema.describe('The merge tag.'),
    type: z
      .enum(MERGE_FIELD_TYPES)
      .default('text')
      .describe('Merge field type; provision creates the field with it, values are coerced to it.'),
    name: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe('Label provision gives the field (default: the tag).'),
  }),
  z.null().describe('Do not send this key (drops a default).'),
])

const TagOption = z.object({
  prop: z.string().min(1).describe('customer_props key whose value becomes a tag, e.g. BH_Tier.'),
  prefix: z
    .string()
    .max(50)
    .default('')
    .describe('Text put before the value, e.g. "Tier: " gives the tag "Tier: Gold".'),
  values: z
    .array(z.string().min(1))
    .default([])
    .describe(
      'Every value the prop can take; the tags of the other values are set inactive, so a member carries one (e.g. one tier tag).',
    ),
})

/** The Mailchimp connector's options. */
export const MailchimpOptionsSchema = z
  .object({
    apiKey: z
      .string()
      .regex(
        /^\S+-[a-z]{2,}\d+$/,
        'must be a Mailchimp API key ending in its data centre, e.g. -us6',
      )
      .describe(
        'Mailchimp API key (Account → Extras → API keys). Its "-usN" suffix is the data centre.',
      )
      // The host's dry-run stands this in for an unset ${MAILCHIMP_API_KEY}.
      .meta({ examples: ['0123456789abcdef0123456789abcdef-us6'] }),
    listId: z
      .string()
      .min(1)
      .describe('Audience (list) ID: Audience → Settings → Audience name and defaults.'),
    baseUrl: z
      .url()
      .optional()
      .describe(
        'API base URL including /3.0. Default https://<dc>.api.mailchimp.com/3.0, with <dc> from the API key.',
      ),
    timeoutMs: timeoutMsOption,
    maxConcurrency: z
      .number()
      .int()
      .min(1)
      .max(9)
      .default(5)
      .describe(
        'Most simultaneous Mailchimp calls of this connector. Mailchimp allows 10 connections per API key; keep the sum over all replicas below that.',
      ),
    statusIfNew: z
      .enum(STATUS_IF_NEW)
      .default('transactional')
      .describe(
        'Status of a customer who is not yet on the audience. "subscribed" claims marketing consent a loyalty event does not prove: choose it only if the shop collected that consent. An existing member\'s status is never changed.',
      ),
    createMembers: z
      .boolean()
      .default(true)
      .describe('Add customers who are not on the audience. false: their events are skipped.'),
    skipMergeValidation: z
      .boolean()
      .default(true)
      .describe(
        "Create members even when the audience has required merge fields the event cannot fill (Mailchimp's skip_merge_validation).",
      ),
    sendEvents: z
      .boolean()
      .default(true)
      .describe('Send each activity as a Mailchimp event. false: only the member is updated.'),
    mergeFields: z
      .record(z.string(), MergeFieldOption)
      .default({})
      .describe(
        'customer_props key → merge tag, or {tag, type, name}, merged over the defaults (BH_Points_Balance → BH_POINTS, BH_Tier → BH_TIER, BH_Points_NextExpiration_Amount → BH_EXP_PTS, BH_Points_NextExpiration_Date → BH_EXP_DT, BH_MagicLink → BH_LINK); null drops a key. Tags the audience lacks are not sent (run provision to create them).',
      ),
    firstNameTag: MergeTagSchema.nullable()
      .default(DEFAULT_FIRST_NAME_TAG)
      .describe("Merge tag for the customer's first name; null to not send it."),
    lastNameTag: MergeTagSchema.nullable()
      .default(DEFAULT_LAST_NAME_TAG)
      .describe("Merge tag for the customer's last name; null to not send it."),
    mergeFieldsTtlMs: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(3_600_000)
      .describe(
        "How long the audience's list of merge fields is cached, in milliseconds (0: read it for every event).",
      ),
    eventNames: EventNameMappingSchema.refine(
      (names) => Object.values(names).every((name) => MAILCHIMP_EVENT_NAME.test(name)),
      'Mailchimp event names are 2–30 letters, digits, _ or -',
    ).describe(
      'Bubblehouse event name → Mailchimp event name (2–30 letters, digits, _ or -). Names not listed become a lower-case slug: "Points Earned" → points_earned.',
    ),
    eventProps: EventPropsSourcesSchema,
    tags: z
      .array(TagOption)
      .default([])
      .describe('customer_props values to keep as member tags (one extra call per event).'),
    events: EventFilterSchema,
  })
  .superRefine((options, ctx) => {
    const keyDc = dataCenterOf(options.apiKey)
    const urlDc = options.baseUrl ? dataCenterOfUrl(options.baseUrl) : undefined
    if (keyDc && urlDc && keyDc !== urlDc) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `the API key belongs to data centre ${keyDc}, but baseUrl points at ${urlDc}: remove baseUrl or use https://${keyDc}.api.mailchimp.com/3.0`,
      })
    }
    for (const tag of duplicateTags(resolveMergeFields(options))) {
      ctx.addIssue({
        code: 'custom',
        path: ['mergeFields'],
        message: `merge tag ${tag} is written by more than one key: map each key to its own tag`,
      })
    }
  })
  .describe('Mailchimp: consent-safe member upsert and event per Bubblehouse event.')

/** Parsed options. */
export type MailchimpOptions = z.output<typeof MailchimpOptionsSchema>

/** Options as written in the config. */
export type MailchimpOptionsInput = z.input<typeof MailchimpOptionsSchema>
