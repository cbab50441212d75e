import { describe, expect, it } from 'vitest'
import { useFakeVendor } from './use-fake-vendor'

const vendor = useFakeVendor({ defaultReply: { status: 202 } })
const early = (() => {
  try {
    return vendor.url
  } catch (error) {
    return error
  }
})()

const get = async (path: string) => (await fetch(`${vendor.url}${path}`)).status

describe('useFakeVendor', () => {
  it('is not running while the file is collected', () => {
    expect(early).toEqual(new Error('the fake vendor starts in beforeAll: use it inside a test'))
  })

  it('reaches the running vendor, and its script calls chain on the same object', async () => {
    expect(vendor.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(vendor.reply({ status: 500 }).route('GET', '/a', { status: 201 })).toBe(vendor)
    expect(vendor.setDefault({ status: 204 })).toBe(vendor)
    expect([await get('/a'), await get('/a'), await get('/b')]).toEqual([500, 201, 204])
    expect(vendor.requests.map((r) => r.path)).toEqual(['/a', '/a', '/b'])
    expect(vendor.connections).toBeGreaterThan(0)
  })

  it('starts each test reset: no requests, no routes, the default of its options', async () => {
    expect(vendor.requests).toEqual([])
    expect(await get('/a')).toBe(202)
  })
})
