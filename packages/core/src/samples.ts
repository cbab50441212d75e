/**
 * Sample SendEvent1 events, one per documented event name, built on the canonical example of the
 * SendEvent1 page. Used by the CLI's `send --sample`, tests and benchmarks.
 * @module
 */
import type { SendEvent1 } from './contract/send-event1'

/** The canonical example of https://app.bubblehouse.com/apidocs/apis/hooks/SendEvent1, verbatim. */
export const CANONICAL_EVENT: SendEvent1 = {
  bhid: '24a5be6c83010001',
  time: '2024-12-26T18:05:42.915Z',
  name: 'Points Updated',
  customer: {
    bhid: '24760933ea010001',
    shopid: '12345',
    email: 'customer@example.com',
    first_name: 'Jane',
    last_name: 'Doe',
  },
  customer_props: { BH_Points_Balance: 500, BH_Tier: 'Gold' },
  segment_props: { BH_Source: 'order' },
  extra_props: { BH_Points: 50, order_id: 'ORDER-789' },
}

type Sample = Pick<SendEvent1, 'name'> & Partial<SendEvent1>

const SAMPLES: Readonly<Record<string, Sample>> = {
  'points-updated': { name: 'Points Updated' },
  'points-earned': {
    name: 'Points Earned',
    segment_props: { BH_Source: 'order' },
    extra_props: { BH_Points: 50, order_id: 'ORDER-789' },
  },
  'points-redeemed': {
    name: 'Points Redeemed',
    customer_props: { BH_Points_Balance: 300, BH_Tier: 'Gold' },
    segment_props: { BH_Source: 'reward' },
    extra_props: { BH_Points: -200 },
  },
  'points-expired': {
    name: 'Points Expired',
    customer_props: {
      BH_Points_Balance: 450,
      BH_Tier: 'Gold',
      BH_Points_NextExpiration_Amount: 25,
      BH_Points_NextExpiration_Date: '2025-03-01',
    },
    segment_props: {},
    extra_props: { BH_Points: -50 },
  },
  'tier-reached': {
    name: 'Tier Reached',
    customer_props: { BH_Points_Balance: 1200, BH_Tier: 'Platinum' },
    segment_props: { BH_Tier: 'Platinum' },
    extra_props: { BH_Reward_Coupon: 'PLAT-10OFF' },
  },
  'asset-unlocked': {
    name: 'Asset Unlocked',
    segment_props: { BH_Achievement: 'First Review' },
    extra_props: {},
  },
  'vendible-redeemed': {
    name: 'Vendible Redeemed',
    segment_props: { BH_Vendible: 'Free Shipping' },
    extra_props: { BH_Points: -100, BH_Reward_Coupon: 'SHIPFREE-42' },
  },
  'referral-approved-sender': {
    name: 'Referral Approved (Sender)',
    segment_props: { BH_Channel: 'email' },
    extra_props: { BH_Points: 100 },
  },
  'referral-approved-receiver': {
    name: 'Referral Approved (Receiver)',
    referred_user: true,
    segment_props: { BH_Channel: 'email', BH_HasCoupon: true },
    extra_props: { BH_Sender_FirstName: 'Sam', BH_Link: 'https://shop.example.com/r/abc' },
  },
  birthday: { name: 'Birthday', segment_props: {}, extra_props: { BH_Reward_Coupon: 'BDAY-5' } },
  anniversary: { name: 'Anniversary', segment_props: {}, extra_props: { BH_Years: 2 } },
  'customer-only': { name: 'Customer Updated', customer_only: true },
}

/** The names `sampleEvent` accepts (kebab-case event names, plus `customer-only`). */
export const SAMPLE_NAMES: readonly string[] = Object.keys(SAMPLES)

/**
 * A sample event by kebab-case name, with fields overridden.
 * @example
 * sampleEvent('tier-reached', { bhid: randomUUID() })
 */
export function sampleEvent(name: string, overrides: Partial<SendEvent1> = {}): SendEvent1 {
  const sample = SAMPLES[name]
  if (!sample) {
    throw new RangeError(`unknown sample "${name}"; one of: ${SAMPLE_NAMES.join(', ')}`)
  }
  return structuredClone({ ...CANONICAL_EVENT, ...sample, ...overrides })
}
