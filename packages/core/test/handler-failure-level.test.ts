/** A `failure` answer holds the merchant's queue: its access line is a warning, the others info. */
import { beforeAll, describe, expect, it } from 'vitest'
import { createHookHandler, type Outcome } from '../src/index'
import { freshEvent, hookRequest, KEY, recordingLogger, scripted, token } from './helpers'

let valid: string
beforeAll(async () => {
  valid = await token()
})

const LEVELS: ReadonlyArray<[Outcome, 'warn' | 'info']> = [
  ['failure', 'warn'],
  ['sent', 'info'],
  ['skipped', 'info'],
  ['invalid_data', 'info'],
  ['unsubscribed', 'info'],
]

describe('access line level by outcome', () => {
  it.each(LEVELS)('%s is logged at %s', async (outcome, level) => {
    const { logger, lines } = recordingLogger()
    const handler = createHookHandler({
      auth: { keys: [KEY] },
      connectors: { demo: scripted(outcome).connector },
      logger,
    })
    const res = await handler(hookRequest('/hooks/SendEvent1', freshEvent(), { token: valid }))
    expect(await res.json()).toEqual({ outcome })
    expect(lines.map((l) => [l.level, l.msg, l.obj.outcome])).toEqual([
      [level, 'SendEvent1', outcome],
    ])
  })
})
