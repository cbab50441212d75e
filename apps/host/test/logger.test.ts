import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../src/server/logger'

function capture() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line))
      done()
    },
  })
  return { lines, logger: createLogger({ level: 'info', format: 'json', destination }) }
}

describe('the host logger', () => {
  it('redacts sensitive keys at the top level and under the objects a connector might log whole', () => {
    const { lines, logger } = capture()
    logger.info(
      {
        email: 'ada@example.com',
        authorization: 'Bearer eyJ.x.y',
        err: { message: 'boom', headers: { authorization: 'Basic c2VjcmV0' } },
        request: { apiKey: 'pk_live', path: '/api/events' },
        response: { email: 'ada@example.com', status: 200 },
        config: { writeKey: 'wk' },
        code: 'SENT',
      },
      'hook',
    )
    expect(lines[0]).toMatchObject({
      email: '[redacted]',
      authorization: '[redacted]',
      err: { message: 'boom', headers: '[redacted]' },
      request: { apiKey: '[redacted]', path: '/api/events' },
      response: { email: '[redacted]', status: 200 },
      config: { writeKey: '[redacted]' },
      code: 'SENT',
    })
  })

  it('redacts bindings of child loggers too', () => {
    const { lines, logger } = capture()
    logger.child({ token: 't0ken', connector: 'klaviyo' }).warn({ error: { secret: 's' } }, 'x')
    expect(lines[0]).toMatchObject({
      token: '[redacted]',
      connector: 'klaviyo',
      error: { secret: '[redacted]' },
    })
  })
})
