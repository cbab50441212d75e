import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { isoTimestamp } from '../src/server/iso-time'

const isoTime = (ms: number) => `,"time":"${new Date(ms).toISOString()}"`

describe('isoTimestamp', () => {
  it('writes what pino.stdTimeFunctions.isoTime writes', () => {
    const before = Date.now()
    const ours = isoTimestamp()()
    const theirs = pino.stdTimeFunctions.isoTime()
    const after = Date.now()
    const at = (text: string) => Date.parse(JSON.parse(`{${text.slice(1)}}`).time)
    expect(ours).toMatch(/^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/)
    expect(theirs).toMatch(/^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/)
    expect(at(ours)).toBeGreaterThanOrEqual(before)
    expect(at(ours)).toBeLessThanOrEqual(after)
  })

  it('matches toISOString at every millisecond padding and across second, day and year edges', () => {
    const edges = [
      Date.UTC(2026, 10, 28, 21, 33, 12, 0),
      Date.UTC(2026, 10, 28, 21, 33, 12, 7),
      Date.UTC(2026, 10, 28, 21, 33, 12, 42),
      Date.UTC(2026, 10, 28, 21, 33, 12, 999),
      Date.UTC(2026, 10, 28, 21, 33, 13, 0),
      Date.UTC(2026, 10, 28, 23, 59, 59, 999),
      Date.UTC(2026, 10, 29, 0, 0, 0, 1),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1, 0, 0, 0, 0),
      Date.UTC(2028, 1, 29, 12, 0, 0, 500),
    ]
    let now = 0
    const stamp = isoTimestamp(() => now)
    for (const ms of edges) {
      now = ms
      expect(stamp()).toBe(isoTime(ms))
    }
  })

  it('matches toISOString over a random walk of the clock, forwards and back', () => {
    let now = Date.UTC(2026, 0, 1)
    const stamp = isoTimestamp(() => now)
    let seed = 12345
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    for (let i = 0; i < 5000; i++) {
      // Mostly small steps inside one second, sometimes whole seconds or days, sometimes back.
      const r = random()
      now +=
        r < 0.8
          ? Math.floor(random() * 3)
          : r < 0.95
            ? Math.floor(random() * 5000)
            : -Math.floor(random() * 86_400_000)
      expect(stamp()).toBe(isoTime(now))
    }
  })
})
