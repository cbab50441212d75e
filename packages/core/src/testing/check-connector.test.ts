import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { type Connector, defineConnector } from '../define-connector'
import { skipPlan } from '../plan'
import { checkConnector } from './check-connector'

const closed: string[] = []

/** A connector whose `check` answers from its options, so every path of `checkConnector` shows. */
const probe = defineConnector({
  id: 'probe',
  options: z.object({
    answer: z.enum(['ok', 'throw', 'wait', 'none']).describe('What check does'),
  }),
  create({ answer }) {
    const connector: Connector = {
      plan: () => skipPlan('NONE', 'no plan'),
      deliver: async () => ({ outcome: 'skipped', code: 'NONE', reason: 'no delivery' }),
      close: async () => {
        closed.push(answer)
      },
    }
    if (answer === 'none') return connector
    return {
      ...connector,
      async check({ signal }) {
        if (answer === 'throw') throw new Error('probe failed')
        if (answer === 'wait') {
          await new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(signal.reason)),
          )
        }
        return { ok: true, code: 'OK', message: 'fine' }
      },
    }
  },
})

describe('checkConnector', () => {
  it('answers the report and closes the connector', async () => {
    closed.length = 0
    expect(await checkConnector(probe, { answer: 'ok' })).toEqual({
      ok: true,
      code: 'OK',
      message: 'fine',
    })
    expect(closed).toEqual(['ok'])
  })

  it('closes the connector when check throws, and passes the error on', async () => {
    closed.length = 0
    await expect(checkConnector(probe, { answer: 'throw' })).rejects.toThrow('probe failed')
    expect(closed).toEqual(['throw'])
  })

  it('aborts check after timeoutMs', async () => {
    closed.length = 0
    await expect(checkConnector(probe, { answer: 'wait' }, 10)).rejects.toMatchObject({
      name: 'TimeoutError',
    })
    expect(closed).toEqual(['wait'])
  })

  it('answers undefined for a connector without check', async () => {
    closed.length = 0
    expect(await checkConnector(probe, { answer: 'none' })).toBeUndefined()
    expect(closed).toEqual(['none'])
  })
})
