import { SAMPLE_NAMES, sampleEvent } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { __CONST__Options } from './options'
import { plan__CONST__ } from './plan'

const options = __CONST__Options.parse({ apiKey: 'test-key' })

describe('plan__CONST__', () => {
  it.each(SAMPLE_NAMES)('plans the %s sample', (name) => {
    expect(plan__CONST__(sampleEvent(name), options)).toMatchSnapshot()
  })

  it('skips a denied event with no request', () => {
    const denying = __CONST__Options.parse({ apiKey: 'k', events: { deny: ['Points Updated'] } })
    expect(plan__CONST__(sampleEvent('points-updated'), denying)).toMatchObject({
      kind: 'decision',
      result: { outcome: 'skipped' },
    })
  })

  it('answers invalid_data when the customer has no email', () => {
    const event = sampleEvent('points-earned', { customer: { shopid: '1' } })
    expect(plan__CONST__(event, options)).toMatchObject({
      kind: 'decision',
      result: { outcome: 'invalid_data' },
    })
  })
})
