/**
 * The credentials of one run (fresh and distinctive, so the log scan can look for them) and the
 * host config the scenarios run: every connector pointed at its fake vendor.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { HookKey } from '@bubblehouse-hooks/core'
import { EVENT_NAMES, type Vendor } from './events'
import { MAILCHIMP_LIST_ID } from './fakes/mailchimp'
import type { Secret } from './logs'

/** A `${NAME}` reference, resolved by the host from its environment. */
const ref = (name: string) => `\${${name}}`

/** The secrets of one run. */
export interface RunSecrets {
  /** The hook secret, base64 (as Bubblehouse shows it). */
  readonly hookSecret: string
  readonly klaviyoApiKey: string
  readonly mailchimpApiKey: string
  readonly hubspotAccessToken: string
  readonly segmentWriteKey: string
}

/** Fresh secrets. */
export function createSecrets(): RunSecrets {
  return {
    hookSecret: randomBytes(32).toString('base64'),
    klaviyoApiKey: `pk_rel${randomBytes(16).toString('hex')}`,
    mailchimpApiKey: `${randomBytes(16).toString('hex')}-us6`,
    hubspotAccessToken: `pat-na1-${randomUUID()}`,
    segmentWriteKey: `wkrel${randomBytes(12).toString('hex')}`,
  }
}

/** The key the simulator signs with. */
export function hookKey(secrets: RunSecrets): HookKey {
  return { kid: 'main', secret: secrets.hookSecret, encoding: 'base64' }
}

/** Environment the config's `${VAR}`s read; `prefix` (e.g. `ACME_`) names one tenant's. */
export function secretEnv(secrets: RunSecrets, prefix = ''): Record<string, string> {
  return {
    [`${prefix}BH_HOOK_SECRET`]: secrets.hookSecret,
    [`${prefix}KLAVIYO_API_KEY`]: secrets.klaviyoApiKey,
    [`${prefix}MAILCHIMP_API_KEY`]: secrets.mailchimpApiKey,
    [`${prefix}HUBSPOT_ACCESS_TOKEN`]: secrets.hubspotAccessToken,
    [`${prefix}SEGMENT_WRITE_KEY`]: secrets.segmentWriteKey,
  }
}

const b64 = (text: string) => Buffer.from(text).toString('base64')

/** Everything the log scan looks for, in every form it could be written. */
export function secretsToScan(secrets: RunSecrets): Secret[] {
  const raw = Buffer.from(secrets.hookSecret, 'base64')
  return [
    { label: 'hook secret', value: secrets.hookSecret },
    { label: 'hook secret (base64url)', value: raw.toString('base64url') },
    { label: 'hook secret (hex)', value: raw.toString('hex') },
    { label: 'Klaviyo API key', value: secrets.klaviyoApiKey },
    { label: 'Mailchimp API key', value: secrets.mailchimpApiKey.slice(0, 32) },
    { label: 'Mailchimp Basic auth', value: b64(`bubblehouse-hooks:${secrets.mailchimpApiKey}`) },
    { label: 'HubSpot access token', value: secrets.hubspotAccessToken.slice(8) },
    { label: 'Segment write key', value: secrets.segmentWriteKey },
    { label: 'Segment Basic auth', value: b64(`${secrets.segmentWriteKey}:`) },
  ]
}

/** Per-call timeouts: two connectors time out before the hook deadline, two after it. */
export function connectorTimeouts(deadlineMs: number): Record<Vendor, number> {
  const before = Math.max(100, Math.round(deadlineMs * 0.66))
  // 25 s is the longest timeout the connectors accept.
  const after = Math.min(25_000, deadlineMs * 3)
  return { klaviyo: before, segment: before, mailchimp: after, hubspot: after }
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')

/**
 * The connector blocks of the host config, each pointed at `baseUrls[vendor]`; their secrets read
 * the `${VAR}`s of {@link secretEnv} with the same `prefix`.
 */
export function connectorBlocks(
  baseUrls: Readonly<Record<Vendor, string>>,
  timeouts: Readonly<Record<Vendor, number>>,
  prefix = '',
): Record<Vendor, Record<string, unknown>> {
  return {
    klaviyo: {
      apiKey: ref(`${prefix}KLAVIYO_API_KEY`),
      baseUrl: baseUrls.klaviyo,
      timeoutMs: timeouts.klaviyo,
    },
    mailchimp: {
      apiKey: ref(`${prefix}MAILCHIMP_API_KEY`),
      listId: MAILCHIMP_LIST_ID,
      baseUrl: baseUrls.mailchimp,
      timeoutMs: timeouts.mailchimp,
      mergeFields: { BH_Ref: 'BH_REF' },
    },
    hubspot: {
      accessToken: ref(`${prefix}HUBSPOT_ACCESS_TOKEN`),
      baseUrl: baseUrls.hubspot,
      timeoutMs: timeouts.hubspot,
      customEvents: {
        portalId: 4242,
        events: Object.fromEntries(EVENT_NAMES.map((name) => [name, slug(name)])),
      },
    },
    segment: {
      writeKey: ref(`${prefix}SEGMENT_WRITE_KEY`),
      baseUrl: baseUrls.segment,
      timeoutMs: timeouts.segment,
    },
  }
}

/** The store block. */
export type StoreBlock =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'redis'; readonly url: string }
  | { readonly kind: 'memory' }

/** Options of {@link hostYaml}. */
export interface HostYamlOptions {
  readonly store: StoreBlock
  readonly deadlineMs: number
  readonly connectors: Readonly<Record<string, Record<string, unknown>>>
  /** Default debug: the log scan should see everything the host can write. */
  readonly logLevel?: string
}

/**
 * The host's YAML config. Blocks are written as JSON (YAML's flow style); secrets stay `${VAR}`
 * references, as an operator writes them.
 */
export function hostYaml(options: HostYamlOptions): string {
  return [
    'listen: { host: 127.0.0.1, port: 0 }',
    `store: ${JSON.stringify(options.store)}`,
    'auth:',
    '  keys:',
    `    - { kid: main, secret: "${ref('BH_HOOK_SECRET')}", encoding: base64 }`,
    `deadlineMs: ${options.deadlineMs}`,
    `log: { level: ${options.logLevel ?? 'debug'}, format: json }`,
    `connectors: ${JSON.stringify(options.connectors)}`,
    '',
  ].join('\n')
}
