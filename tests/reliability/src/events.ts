/**
 * The events the simulator sends: the documented sample events with customers whose names and
 * emails are distinctive (so the log scan can look for them), each carrying its own bhid as
 * `customer_props.BH_Ref` and `extra_props.bh_ref`, so a fake vendor can tell which event a
 * request belongs to even where the vendor has no idempotency key. Some events are built to be
 * rejected by one vendor; their expected outcome per connector is known in advance.
 * @module
 */
import {
  combineOutcomes,
  type SendEvent1,
  sampleEvent,
  type TerminalOutcome,
} from '@bubblehouse-hooks/core'
import { pick, type Rng } from './random'

/** The four vendor connectors. */
export const VENDORS = ['klaviyo', 'mailchimp', 'hubspot', 'segment'] as const

/** One vendor connector id. */
export type Vendor = (typeof VENDORS)[number]

/**
 * Email markers the fakes react to, and what each vendor then answers (as its real API would for
 * an address it rejects, or a member who opted out).
 */
export const BAD_MARKERS = {
  /**
   * Klaviyo answers 400 with the pointer on the profile email; the connector sends the event
   * again without the email, and the external id (the shop's customer id) delivers it.
   */
  kbad: { klaviyo: 'sent' },
  /** Mailchimp answers 400 Invalid Resource on the member PUT. */
  mbad: { mailchimp: 'invalid_data' },
  /** Mailchimp's PUT answers 200 with status "unsubscribed". */
  munsub: { mailchimp: 'unsubscribed' },
  /** HubSpot answers 400 INVALID_EMAIL on the upsert. */
  hbad: { hubspot: 'invalid_data' },
  /** No customer bhid: Segment has no userId, so the connector answers invalid_data without a call. */
  sbad: { segment: 'invalid_data' },
} as const satisfies Record<string, Partial<Record<Vendor, TerminalOutcome>>>

/** A bad marker. */
export type BadMarker = keyof typeof BAD_MARKERS

/** Distinctive names: the log scan fails if any of them shows up in a log line. */
export const FIRST_NAMES = [
  'Zephyrine',
  'Quillonne',
  'Marisolde',
  'Thaddeorin',
  'Brunhildra',
] as const
export const LAST_NAMES = [
  'Vantablackwood',
  'Featherstonhaugh',
  'Quincetreeson',
  'Oxleybramble',
] as const

/** The email domain of every generated customer. */
export const EMAIL_DOMAIN = 'customers.reliability.example'

/** One generated event and what it must end as. */
export interface GeneratedEvent {
  readonly bhid: string
  /** The SendEvent1 body (a fresh object on every read). */
  readonly event: SendEvent1
  /** Index in its queue. */
  readonly index: number
  readonly marker: BadMarker | undefined
  /** The expected terminal outcome of each vendor connector. */
  readonly expected: Readonly<Record<Vendor, TerminalOutcome>>
}

const EVENT_SAMPLES = [
  'points-updated',
  'points-earned',
  'points-redeemed',
  'points-expired',
  'tier-reached',
  'asset-unlocked',
  'vendible-redeemed',
  'referral-approved-sender',
  'referral-approved-receiver',
  'birthday',
  'anniversary',
] as const

/** The event names of the samples above (for connector options that list names). */
export const EVENT_NAMES = EVENT_SAMPLES.map((name) => sampleEvent(name).name)

/** Options of {@link generateEvents}. */
export interface GenerateOptions {
  /** Unique per run and queue; part of every bhid. */
  readonly prefix: string
  readonly count: number
  readonly rng: Rng
  /** Share of events with a bad marker. */
  readonly badRate: number
  /** Share of `customer_only` events. Default 0.05. */
  readonly customerOnlyRate?: number
  /** Only these markers (default all). */
  readonly markers?: readonly BadMarker[]
}

/** The expected outcome of a set of connectors for an event (the handler's combination rule). */
export function expectedOutcome(
  expected: Readonly<Record<Vendor, TerminalOutcome>>,
  vendors: readonly Vendor[],
): TerminalOutcome {
  const outcome = combineOutcomes(vendors.map((v) => expected[v]))
  if (outcome === 'failure') throw new Error('expected outcomes are terminal')
  return outcome
}

interface Drawn {
  readonly bhid: string
  readonly index: number
  readonly marker: BadMarker | undefined
  readonly sample: string
  readonly first: string
  readonly last: string
  readonly n: number
}

/** The full event from its drawn parameters (built on demand: a soak run has 500,000). */
function build(d: Drawn): SendEvent1 {
  const local = `${d.first}.${d.last}${d.n}`.toLowerCase()
  const email = `${local}${d.marker && d.marker !== 'sbad' ? `+${d.marker}` : ''}@${EMAIL_DOMAIN}`
  const base = sampleEvent(d.sample, {
    bhid: d.bhid,
    time: new Date(Date.UTC(2026, 0, 1) + d.index * 1000).toISOString(),
  })
  return {
    ...base,
    customer: {
      ...(d.marker === 'sbad' ? {} : { bhid: `c${d.n.toString(16).padStart(6, '0')}` }),
      shopid: String(10_000 + d.n),
      email,
      first_name: d.first,
      last_name: d.last,
    },
    customer_props: { ...base.customer_props, BH_Ref: d.bhid },
    extra_props: { ...base.extra_props, bh_ref: d.bhid },
  }
}

/** A queue's events, in order. Each event's body is built when read. */
export function generateEvents(options: GenerateOptions): GeneratedEvent[] {
  const { rng } = options
  const markers = options.markers ?? (Object.keys(BAD_MARKERS) as BadMarker[])
  const events: GeneratedEvent[] = []
  for (let index = 0; index < options.count; index++) {
    const marker = rng() < options.badRate ? pick(rng, markers) : undefined
    const customerOnly = rng() < (options.customerOnlyRate ?? 0.05)
    const drawn: Drawn = {
      bhid: `${options.prefix}e${index.toString(16).padStart(6, '0')}`,
      index,
      marker,
      first: pick(rng, FIRST_NAMES),
      last: pick(rng, LAST_NAMES),
      n: Math.floor(rng() * 500),
      sample: customerOnly ? 'customer-only' : pick(rng, EVENT_SAMPLES),
    }
    const expected: Record<Vendor, TerminalOutcome> = {
      klaviyo: 'sent',
      mailchimp: 'sent',
      hubspot: 'sent',
      segment: 'sent',
      ...(marker ? BAD_MARKERS[marker] : {}),
    }
    events.push({
      bhid: drawn.bhid,
      index,
      marker,
      expected,
      get event() {
        return build(drawn)
      },
    })
  }
  return events
}
