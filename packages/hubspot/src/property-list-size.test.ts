/** A large portal's property list (megabytes) still loads: it has its own response cap. */
import { DEFAULT_MAX_RESPONSE_BYTES, noopLogger } from '@bubblehouse-hooks/core'
import { expect, it } from 'vitest'
import { ALL_PROPERTY_NAMES, hubspotHarness, useHubspotVendor } from './__fixtures__/kit'
import { PROPERTY_LIST_MAX_BYTES } from './property-list'

const vendor = useHubspotVendor()

/** A contact property as HubSpot lists it, with an option list (enumerations carry theirs). */
const property = (name: string, options: number) => ({
  name,
  label: name,
  type: options > 0 ? 'enumeration' : 'string',
  fieldType: options > 0 ? 'select' : 'text',
  groupName: 'contactinformation',
  options: Array.from({ length: options }, (_, i) => ({
    label: `Option ${i} of ${name}`,
    value: `${name}_option_${i}`,
    displayOrder: i,
    hidden: false,
  })),
})

it('check reads a 3 MB property list, over the 1 MiB default cap', async () => {
  const results = [
    ...ALL_PROPERTY_NAMES.map((name) => property(name, 0)),
    ...Array.from({ length: 300 }, (_, i) => property(`custom_${i}`, 100)),
  ]
  const size = Buffer.byteLength(JSON.stringify({ results }))
  expect(size).toBeGreaterThan(2 * DEFAULT_MAX_RESPONSE_BYTES)
  expect(size).toBeLessThan(PROPERTY_LIST_MAX_BYTES)
  vendor().route('GET', '/crm/v3/properties/contacts', { status: 200, body: { results } })

  const report = await hubspotHarness(vendor().url).connector.check?.({
    signal: AbortSignal.timeout(10_000),
    logger: noopLogger,
  })
  expect(report).toMatchObject({ ok: true, code: 'OK' })
})
