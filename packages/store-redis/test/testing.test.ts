import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { redisUrlForTests, startRedisServer } from '../src/testing/index'
import { pingPort } from '../src/testing/ping'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('startRedisServer', () => {
  it('starts a loopback redis-server that answers, and stops it', async () => {
    const server = await startRedisServer()
    cleanups.push(server.stop)
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`)
    const client = new Redis(server.url)
    expect(await client.set('k', 'v')).toBe('OK')
    expect(await client.config('GET', 'save')).toEqual(['save', ''])
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no'])
    expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1'])
    await client.quit()

    await server.stop()
    expect(await pingPort(server.port, 500)).toBe(false)
    await server.stop()
  })

  it('restarts on the same port with nothing kept', async () => {
    const server = await startRedisServer()
    cleanups.push(server.stop)
    const before = new Redis(server.url)
    await before.set('k', 'v')
    await before.quit()

    await server.restart()
    const after = new Redis(server.url)
    expect(await after.get('k')).toBeNull()
    await after.quit()
  })

  it('gives each server its own port', async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()])
    cleanups.push(a.stop, b.stop)
    expect(a.port).not.toBe(b.port)
  })
})

describe('redisUrlForTests', () => {
  const withRedisUrl = (url: string) => {
    const previous = process.env.REDIS_URL
    process.env.REDIS_URL = url
    cleanups.push(async () => {
      if (previous === undefined) delete process.env.REDIS_URL
      else process.env.REDIS_URL = previous
    })
  }

  it('uses REDIS_URL when it answers and leaves that server running', async () => {
    const server = await startRedisServer()
    cleanups.push(server.stop)
    withRedisUrl(server.url)
    const redis = await redisUrlForTests()
    expect(redis.url).toBe(server.url)
    await redis.stop()
    expect(await pingPort(server.port, 500)).toBe(true)
  })

  it('starts (and stops) its own server when nothing answers at REDIS_URL', async () => {
    const dead = await startRedisServer()
    await dead.stop()
    withRedisUrl(dead.url)
    const redis = await redisUrlForTests()
    cleanups.push(redis.stop)
    expect(redis.url).not.toBe(dead.url)
    const port = Number(new URL(redis.url).port)
    expect(await pingPort(port, 500)).toBe(true)
    await redis.stop()
    expect(await pingPort(port, 500)).toBe(false)
  })
})
