import { describe, expect, it } from 'vitest'
import { recordingLogger, recordingMetrics } from '../testing/recorders'
import { reportFieldsDropped } from './fields-dropped'

describe('reportFieldsDropped', () => {
  it('counts by reason and names the fields in one warn line', () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    reportFieldsDropped({ logger, metrics }, 'too_long', ['BH_MagicLink', 'BH_Note'])
    expect(metrics.fieldDrops).toEqual([['too_long', 2]])
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        obj: { reason: 'too_long', fields: ['BH_MagicLink', 'BH_Note'], count: 2 },
        msg: 'fields left out of the event; the rest was delivered',
      },
    ])
  })

  it('reports nothing when nothing was dropped', () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    reportFieldsDropped({ logger, metrics }, 'invalid_value', [])
    expect(metrics.fieldDrops).toEqual([])
    expect(logger.lines).toEqual([])
  })

  it('lists at most 20 names but counts them all', () => {
    const logger = recordingLogger()
    const metrics = recordingMetrics()
    const names = Array.from({ length: 25 }, (_, i) => `p${i}`)
    reportFieldsDropped({ logger, metrics }, 'unknown_property', names)
    expect(metrics.fieldDrops).toEqual([['unknown_property', 25]])
    expect(logger.lines[0]?.obj.fields).toHaveLength(20)
  })
})
