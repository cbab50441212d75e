import { describe, expect, it } from 'vitest'
import { BubblehouseHooksError, ConfigError, StoreUnavailableError } from './errors'
import { combineOutcomes, isTerminal, OUTCOMES, type Outcome, result } from './outcome'

describe('outcomes', () => {
  it('are the five SendEvent1 values', () => {
    expect(OUTCOMES).toEqual(['sent', 'skipped', 'invalid_data', 'unsubscribed', 'failure'])
  })

  it('are terminal except failure', () => {
    expect(OUTCOMES.filter(isTerminal)).toEqual(['sent', 'skipped', 'invalid_data', 'unsubscribed'])
  })

  it('builds results as plain data', () => {
    expect(result('failure', 'HTTP_429', 'rate limited', { retryAfterMs: 2000 })).toEqual({
      outcome: 'failure',
      code: 'HTTP_429',
      reason: 'rate limited',
      retryAfterMs: 2000,
    })
  })
})

describe('combineOutcomes', () => {
  const cases: Array<[Outcome[], Outcome]> = [
    [[], 'skipped'],
    [['skipped', 'skipped'], 'skipped'],
    [['sent'], 'sent'],
    [['sent', 'failure'], 'failure'],
    [['failure', 'skipped'], 'failure'],
    [['unsubscribed', 'sent'], 'sent'],
    [['invalid_data', 'sent', 'skipped'], 'sent'],
    [['invalid_data', 'unsubscribed'], 'unsubscribed'],
    [['skipped', 'invalid_data'], 'invalid_data'],
    [['invalid_data', 'unsubscribed', 'sent', 'skipped', 'failure'], 'failure'],
  ]
  it.each(cases)('%j → %s', (outcomes, expected) => {
    expect(combineOutcomes(outcomes)).toBe(expected)
  })

  it('does not depend on the order', () => {
    for (const [outcomes, expected] of cases) {
      expect(combineOutcomes([...outcomes].reverse())).toBe(expected)
    }
  })
})

describe('errors', () => {
  it('carry a stable code, the subclass name and the cause', () => {
    const cause = new Error('root')
    const config = new ConfigError('auth.keys[0].secret', 'is too short', { cause })
    expect(config).toBeInstanceOf(BubblehouseHooksError)
    expect(config).toMatchObject({ code: 'ERR_CONFIG_INVALID', name: 'ConfigError', cause })
    expect(config.path).toBe('auth.keys[0].secret')
    expect(config.message).toBe('auth.keys[0].secret: is too short')
    expect(new StoreUnavailableError('down')).toMatchObject({
      code: 'ERR_STORE_UNAVAILABLE',
      name: 'StoreUnavailableError',
    })
  })

  it('let connectors use their own codes', () => {
    expect(new BubblehouseHooksError('ERR_KLAVIYO_X', 'x').code).toBe('ERR_KLAVIYO_X')
  })
})
