import { describe, expect, it } from 'vitest'
import type { Outcome } from '../outcome'
import { DEFAULT_RULES } from './default-rules'
import { classifyResponse } from './rules'

const respond = (status: number, headers: Record<string, string> = {}) =>
  classifyResponse({ status, headers, body: { any: 'body' } })

// Every row of DEFAULT_RULES, probed at its edges, with its blast-radius reading.
const ROWS: Array<[number, Outcome, string]> = [
  [200, 'sent', 'HTTP_2XX'],
  [202, 'sent', 'HTTP_2XX'],
  [299, 'sent', 'HTTP_2XX'],
  [301, 'failure', 'HTTP_3XX'],
  [399, 'failure', 'HTTP_3XX'],
  [401, 'failure', 'HTTP_401'],
  [403, 'failure', 'HTTP_403'],
  [404, 'failure', 'HTTP_404'],
  [405, 'failure', 'HTTP_405'],
  [407, 'failure', 'HTTP_407'],
  [408, 'failure', 'HTTP_408'],
  [413, 'invalid_data', 'HTTP_413'],
  [429, 'failure', 'HTTP_429'],
  [400, 'invalid_data', 'HTTP_4XX'],
  [409, 'invalid_data', 'HTTP_4XX'],
  [422, 'invalid_data', 'HTTP_4XX'],
  [499, 'invalid_data', 'HTTP_4XX'],
  [500, 'failure', 'HTTP_5XX'],
  [503, 'failure', 'HTTP_5XX'],
  [599, 'failure', 'HTTP_5XX'],
  [101, 'failure', 'HTTP_UNKNOWN'],
  [600, 'failure', 'HTTP_UNKNOWN'],
  [0, 'failure', 'HTTP_UNKNOWN'],
]

describe('DEFAULT_RULES', () => {
  it.each(ROWS)('HTTP %i → %s (%s)', (status, outcome, code) => {
    expect(respond(status)).toMatchObject({ outcome, code, vendorStatus: status })
  })

  it('has a probe above for every row, so no row goes untested', () => {
    expect(new Set(DEFAULT_RULES.map((r) => r.code))).toEqual(new Set(ROWS.map(([, , c]) => c)))
  })

  it('ends with a catch-all row', () => {
    expect(DEFAULT_RULES.at(-1)?.when).toEqual({})
  })

  it('gives every row a short reason', () => {
    for (const rule of DEFAULT_RULES) expect(rule.reason.length).toBeGreaterThan(5)
  })

  it.each([408, 429, 500, 503])('reads Retry-After on %i', (status) => {
    expect(respond(status, { 'retry-after': '3' }).retryAfterMs).toBe(3000)
  })

  it.each([401, 400, 200])('ignores Retry-After on %i', (status) => {
    expect(respond(status, { 'retry-after': '3' })).not.toHaveProperty('retryAfterMs')
  })
})
