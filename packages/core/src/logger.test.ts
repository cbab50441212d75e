import { describe, expect, it } from 'vitest'
import { type Logger, lazyChild } from './logger'

/** A logger recording its lines with their bindings, and how many children were built. */
function recording(bindings: object = {}, state = { children: 0, lines: [] as object[] }) {
  const line =
    (level: string) =>
    (obj: object, msg?: string): void => {
      state.lines.push({ level, ...bindings, ...obj, msg })
    }
  const logger: Logger = {
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child(more) {
      state.children++
      return recording({ ...bindings, ...more }, state).logger
    },
  }
  return { logger, state }
}

describe('lazyChild', () => {
  it('builds no child logger until a line is written', () => {
    const { logger, state } = recording()
    const child = lazyChild(logger, { requestId: 'r1' }).child({ connector: 'klaviyo' })
    expect(child).toBeDefined()
    expect(state.children).toBe(0)
  })

  it('writes every level with the merged bindings, building the child once', () => {
    const { logger, state } = recording({ app: 'host' })
    const child = lazyChild(logger, { requestId: 'r1', bhid: 'b1' }).child({ connector: 'segment' })
    child.info({ code: 'SENT' }, 'hook')
    child.warn({ code: 'X' })
    child.error({ code: 'Y' }, 'bad')
    child.debug({ code: 'Z' }, 'detail')
    expect(state.children).toBe(1)
    expect(state.lines).toEqual([
      {
        level: 'info',
        app: 'host',
        requestId: 'r1',
        bhid: 'b1',
        connector: 'segment',
        code: 'SENT',
        msg: 'hook',
      },
      {
        level: 'warn',
        app: 'host',
        requestId: 'r1',
        bhid: 'b1',
        connector: 'segment',
        code: 'X',
        msg: undefined,
      },
      {
        level: 'error',
        app: 'host',
        requestId: 'r1',
        bhid: 'b1',
        connector: 'segment',
        code: 'Y',
        msg: 'bad',
      },
      {
        level: 'debug',
        app: 'host',
        requestId: 'r1',
        bhid: 'b1',
        connector: 'segment',
        code: 'Z',
        msg: 'detail',
      },
    ])
  })

  it('lets a later binding win over an earlier one with the same key', () => {
    const { logger, state } = recording()
    lazyChild(logger, { connector: 'a', requestId: 'r' }).child({ connector: 'b' }).info({})
    expect(state.lines).toEqual([{ level: 'info', connector: 'b', requestId: 'r', msg: undefined }])
  })
})
