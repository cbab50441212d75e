import { CANONICAL_EVENT } from '@bubblehouse-hooks/core'
import { createHarness } from '@bubblehouse-hooks/core/testing'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { batchOf, WRITE_KEY } from './__fixtures__/helpers'
import segment, { type SegmentOptionsInput } from './index'
import { REGION_BASE_URLS, regionOfUrl, resolveBaseUrl } from './regions'

// Regions: https://segment.com/docs/guides/regional-segment/ and the HTTP API page's EU warning:
// "If you are located in the EU and use the https://api.segment.io/v1/ endpoint, you might not see
// any errors, but your events will not appear in the Segment app."
beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => {
  nock.enableNetConnect()
  nock.restore()
})

/** The canonical event's batch as raw JSON: nock then matches the body byte for byte. */
const expectedBody = (): string => {
  const batch = batchOf(createHarness(segment, { writeKey: WRITE_KEY }).plan(CANONICAL_EVENT))
  expect(batch.map((m) => m.type)).toEqual(['identify', 'track'])
  return JSON.stringify({ batch })
}

async function runAgainst(origin: string, path: string, input: Partial<SegmentOptionsInput>) {
  const scope = nock(origin)
    .post(path, expectedBody())
    .matchHeader('authorization', 'Basic d2tfdGVzdDo=')
    .matchHeader('content-type', 'application/json')
    .reply(200, {})
  const result = await createHarness(segment, { writeKey: WRITE_KEY, ...input }).run(
    CANONICAL_EVENT,
  )
  expect(result.outcome).toBe('sent')
  expect(scope.isDone()).toBe(true)
}

describe('regions on the wire (nock)', () => {
  it('posts to https://api.segment.io/v1/batch when no region is set', async () => {
    await runAgainst('https://api.segment.io', '/v1/batch', {})
  })

  it('posts to https://api.segment.io/v1/batch for region us', async () => {
    await runAgainst('https://api.segment.io', '/v1/batch', { region: 'us' })
  })

  it('posts to https://events.eu1.segmentapis.com/v1/batch for region eu', async () => {
    await runAgainst('https://events.eu1.segmentapis.com', '/v1/batch', { region: 'eu' })
  })

  it('posts to baseUrl when given, whatever the region', async () => {
    await runAgainst('https://segment-proxy.example.com', '/segment/v1/batch', {
      region: 'eu',
      baseUrl: 'https://segment-proxy.example.com/segment/v1/',
    })
  })
})

describe('regions', () => {
  it('maps each region to its host, version included', () => {
    expect(REGION_BASE_URLS).toEqual({
      us: 'https://api.segment.io/v1',
      eu: 'https://events.eu1.segmentapis.com/v1',
    })
    expect(resolveBaseUrl({})).toBe('https://api.segment.io/v1')
    expect(resolveBaseUrl({ region: 'eu' })).toBe('https://events.eu1.segmentapis.com/v1')
  })

  it('recognises Segment hosts and nothing else', () => {
    expect(regionOfUrl('https://api.segment.io/v1')).toBe('us')
    expect(regionOfUrl('https://events.eu1.segmentapis.com/v1')).toBe('eu')
    expect(regionOfUrl('https://segment-proxy.example.com/v1')).toBeUndefined()
  })
})
