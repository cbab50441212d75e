import { checkConnector, startFakeVendor } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { options } from './__fixtures__/helpers'
import { checkOptions } from './check'
import segment from './index'

// The docs' example write key (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
const KEY = 'DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk'

describe('check (offline: the Tracking API has no authenticated read)', () => {
  it('is ok for a well-formed key and an explicit region, and says the key is not verified', () => {
    expect(checkOptions(options({ writeKey: KEY, region: 'eu' }))).toEqual({
      ok: true,
      code: 'OK',
      message:
        'writeKey looks valid and events go to https://events.eu1.segmentapis.com/v1; Segment has no read endpoint to verify the key itself',
    })
  })

  it('warns when the region is left to its US default', () => {
    expect(checkOptions(options({ writeKey: KEY }))).toMatchObject({
      ok: true,
      code: 'SEGMENT_REGION_DEFAULT',
      message: expect.stringContaining('an EU workspace must set region: eu'),
    })
  })

  it('fails when the region and a Segment baseUrl disagree', () => {
    expect(
      checkOptions(options({ writeKey: KEY, region: 'eu', baseUrl: 'https://api.segment.io/v1' })),
    ).toEqual({
      ok: false,
      code: 'SEGMENT_REGION_MISMATCH',
      message:
        'region is "eu" but baseUrl is the US host; remove baseUrl or set it to https://events.eu1.segmentapis.com/v1',
    })
    expect(
      checkOptions(
        options({ writeKey: KEY, region: 'us', baseUrl: 'https://events.eu1.segmentapis.com/v1' }),
      ),
    ).toMatchObject({ ok: false, code: 'SEGMENT_REGION_MISMATCH' })
  })

  it('fails for a key Segment would silently drop, unless a proxy sits in between', () => {
    expect(checkOptions(options({ writeKey: 'not-a-segment-key', region: 'us' }))).toMatchObject({
      ok: false,
      code: 'SEGMENT_WRITE_KEY_FORMAT',
    })
    expect(
      checkOptions(options({ writeKey: 'proxy-key', baseUrl: 'https://proxy.example.com/v1' })),
    ).toMatchObject({ ok: true, code: 'SEGMENT_WRITE_KEY_UNUSUAL' })
  })

  it('never echoes the write key', () => {
    for (const writeKey of [KEY, 'not-a-segment-key']) {
      const report = checkOptions(options({ writeKey }))
      expect(report.message).not.toContain(writeKey)
    }
  })

  it('is wired as the connector check and makes no call', async () => {
    const vendor = await startFakeVendor()
    try {
      const report = await checkConnector(
        segment,
        { writeKey: KEY, baseUrl: `${vendor.url}/v1` },
        1000,
      )
      expect(report).toMatchObject({ ok: true, code: 'OK' })
      expect(vendor.requests).toHaveLength(0)
    } finally {
      await vendor.close()
    }
  })
})
