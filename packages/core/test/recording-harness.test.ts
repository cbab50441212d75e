import { describe, expect, it } from 'vitest'
import { CANONICAL_EVENT } from '../src/index'
import { recordingHarness, useFakeVendor } from '../src/testing/index'
import example from './example-connector'

const vendor = useFakeVendor()

describe('recordingHarness', () => {
  it('runs the connector with a logger and metrics that keep every call', async () => {
    const { h, logger, metrics } = recordingHarness(
      example,
      { apiKey: 'k', baseUrl: vendor.url },
      { deadlineMs: 5_000 },
    )
    vendor.reply({ status: 422 })
    expect(await h.run(CANONICAL_EVENT)).toMatchObject({ outcome: 'invalid_data' })
    expect(metrics.requests).toEqual([[expect.any(Number), 422]])
    expect(logger.lines.map((l) => l.level)).toContain('warn')
  })
})
