/** The four fake vendors, started together. @module */
import { VENDORS, type Vendor } from '../events'
import { type Rng, rngFor } from '../random'
import { createFaultSchedule, type FaultKind } from './faults'
import { hubspotModel } from './hubspot'
import { klaviyoModel } from './klaviyo'
import { createMailchimpModel } from './mailchimp'
import { segmentModel } from './segment'
import { startVendorFake, type VendorFake, type VendorModel } from './vendor'

export type { Commit } from './ledger'
export { Ledger } from './ledger'
export type { VendorFake } from './vendor'

/** Options of {@link startFakes}. */
export interface FakesOptions {
  /** Names the PRNG streams (same seed + name → same faults). */
  readonly name: string
  /** Share of requests that get a fault; 0 for none. */
  readonly faultRate?: number
  /** Relative weights of the fault kinds (default the schedule's mix). */
  readonly mix?: Readonly<Record<FaultKind, number>>
  /** Milliseconds before each answer. */
  readonly latencyMs?: (rng: Rng) => number
}

/** The four fakes. */
export interface FakeSet {
  readonly fakes: Readonly<Record<Vendor, VendorFake>>
  readonly baseUrls: Readonly<Record<Vendor, string>>
  close(): Promise<void>
}

function modelOf(vendor: Vendor): VendorModel {
  switch (vendor) {
    case 'klaviyo':
      return klaviyoModel
    case 'mailchimp':
      return createMailchimpModel()
    case 'hubspot':
      return hubspotModel
    case 'segment':
      return segmentModel
  }
}

/** Start a fake for each vendor. */
export async function startFakes(options: FakesOptions): Promise<FakeSet> {
  const entries = await Promise.all(
    VENDORS.map(async (vendor) => {
      const rng = rngFor(`${options.name}/${vendor}`)
      const rate = options.faultRate ?? 0
      const fake = await startVendorFake(modelOf(vendor), {
        rng,
        ...(rate > 0 ? { faults: createFaultSchedule(rng, rate, options.mix) } : {}),
        ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
      })
      return [vendor, fake] as const
    }),
  )
  const fakes = Object.fromEntries(entries) as Record<Vendor, VendorFake>
  return {
    fakes,
    baseUrls: Object.fromEntries(entries.map(([v, f]) => [v, f.baseUrl])) as Record<Vendor, string>,
    close: async () => {
      await Promise.all(entries.map(([, f]) => f.close()))
    },
  }
}
