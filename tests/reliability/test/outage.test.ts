/**
 * Scenario 4, store outage: the host CLI runs on the Redis store (a private redis-server) while
 * five queues stream events; Redis is stopped mid-stream, several times, and started again. While
 * it is down, answers must be `failure` (200, the queue holds), never a 5xx, never a crash, never
 * a dropped event; once it is back, delivery resumes with nothing lost and nothing sent twice.
 */
import { type RedisServer, startRedisServer } from '@bubblehouse-hooks/store-redis/testing'
import { afterAll, describe, expect, test } from 'vitest'
import { expectCleanFinish, expectPromisesKept } from '../src/expect'
import { startFakes } from '../src/fakes'
import { MODE } from '../src/mode'
import { between, SEED } from '../src/random'
import { record, recordNote } from '../src/report'
import { analyseGroups, ROUTES, Scenario } from '../src/scenario'
import { startStream } from '../src/stream'

const scenario = new Scenario('outage')
let redis: RedisServer | undefined

afterAll(async () => {
  await scenario.dispose()
  await redis?.stop()
})

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function readiness(url: string): Promise<number | string> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) })
    await res.arrayBuffer()
    return res.status
  } catch {
    return 'network'
  }
}

describe('scenario 4: Redis stops mid-stream', () => {
  test(`${MODE.outages} outages of ${MODE.outageMs} ms while ${ROUTES.length} queues send ${MODE.outageEvents} events each`, async () => {
    const server = await startRedisServer()
    redis = server
    const fakes = scenario.track(
      await startFakes({ name: 'outage', latencyMs: (rng) => between(rng, 0, 5) }),
    )
    const host = await scenario.host({
      name: 'outage',
      store: { kind: 'redis', url: server.url },
      baseUrls: fakes.baseUrls,
    })
    let down = false
    const duringOutage: Record<string, number> = {}
    const stream = startStream(scenario, {
      name: 'outage',
      target: () => host,
      count: MODE.outageEvents,
      simulator: {
        onAttempt(_, attempt) {
          if (!down) return
          const key = String(attempt.outcome ?? attempt.status)
          duringOutage[key] = (duringOutage[key] ?? 0) + 1
        },
      },
    })

    const outages: Array<{
      readyWhileDown: number | string
      readyAfter: number | string
      endedDuring: number
    }> = []
    await stream.atEvenPoints(MODE.outages, async () => {
      await server.stop()
      down = true
      const endedAtStop = stream.ended
      await sleep(MODE.outageMs / 2)
      const readyWhileDown = await readiness(host.url)
      await sleep(MODE.outageMs / 2)
      const endedDuring = stream.ended - endedAtStop
      // A fresh server on the same port: its data is gone (see README: persistence).
      await server.restart()
      down = false
      let readyAfter = await readiness(host.url)
      for (let i = 0; i < 50 && readyAfter !== 200; i++) {
        await sleep(100)
        readyAfter = await readiness(host.url)
      }
      outages.push({ readyWhileDown, readyAfter, endedDuring })
    })
    const results = await stream.results()

    const figures = analyseGroups({
      scenario: 'outage',
      groups: stream.groups,
      results,
      fakes,
      notes: (target) =>
        target === 'fan-out' ? { seed: SEED, outages, answersDuringOutages: duringOutage } : {},
    })
    for (const f of figures) record(f)
    recordNote('outage', 'answers', { outages, answersDuringOutages: duringOutage })

    expect(outages.length, 'outages').toBe(MODE.outages)
    let exited = false
    void host.exited.then(() => {
      exited = true
    })
    await sleep(10)
    expect(exited, 'the host process crashed').toBe(false)
    // While Redis was down the host answered (failure holds the queue), it did not go away.
    expect(duringOutage.failure ?? 0, 'failure answers while Redis was down').toBeGreaterThan(0)
    expect(duringOutage.network ?? 0, 'connection errors while Redis was down').toBe(0)
    for (const outage of outages) {
      expect(outage.readyWhileDown, '/readyz while Redis is down').toBe(503)
      expect(outage.readyAfter, '/readyz once Redis is back').toBe(200)
    }
    for (const f of figures) {
      expectPromisesKept(f, MODE)
      expect(f.networkErrors, `${f.target}: connection errors`).toBe(0)
    }
  })

  test('no crash; log hygiene: no secret, token, API key, email or name in any log line', () =>
    expectCleanFinish(scenario))
})
