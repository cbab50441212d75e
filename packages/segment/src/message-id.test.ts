import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { identifyMessageId, MAX_MESSAGE_ID_BYTES, trackMessageId } from './message-id'

// "ensure all events have unique messageId values with fewer than 100 characters"
// https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#errors
const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
const bhid = fc.string({ minLength: 1, maxLength: 256, unit: 'binary' })

describe('messageId', () => {
  it('is the bhid for the track and bhid-identify for the identify', () => {
    expect(trackMessageId('24a5be6c83010001')).toBe('24a5be6c83010001')
    expect(identifyMessageId('24a5be6c83010001')).toBe('24a5be6c83010001-identify')
  })

  it('keeps a bhid of 99 bytes and hashes one of 100', () => {
    expect(trackMessageId('a'.repeat(99))).toBe('a'.repeat(99))
    expect(trackMessageId('a'.repeat(100))).toMatch(/^bh-sha256-[0-9a-f]{64}$/)
    expect(identifyMessageId('a'.repeat(90))).toBe(`${'a'.repeat(90)}-identify`)
    expect(identifyMessageId('a'.repeat(91))).toMatch(/^bh-sha256-[0-9a-f]{64}-identify$/)
  })

  it('counts UTF-8 bytes: 50 × "é" is 50 characters but 100 bytes', () => {
    expect(trackMessageId('é'.repeat(49))).toBe('é'.repeat(49))
    expect(trackMessageId('é'.repeat(50))).toMatch(/^bh-sha256-/)
  })

  it('is under 100 bytes, stable, and distinct between the two messages, for any bhid', () => {
    fc.assert(
      fc.property(bhid, (id) => {
        const track = trackMessageId(id)
        const identify = identifyMessageId(id)
        expect(bytes(track)).toBeLessThanOrEqual(MAX_MESSAGE_ID_BYTES)
        expect(bytes(identify)).toBeLessThanOrEqual(MAX_MESSAGE_ID_BYTES)
        expect(track).not.toBe(identify)
        expect(trackMessageId(id)).toBe(track)
        expect(identifyMessageId(id)).toBe(identify)
      }),
      { numRuns: 1_000 },
    )
  })

  it('gives different bhids different ids', () => {
    fc.assert(
      fc.property(bhid, bhid, (a, b) => {
        fc.pre(a !== b)
        expect(trackMessageId(a)).not.toBe(trackMessageId(b))
        expect(identifyMessageId(a)).not.toBe(identifyMessageId(b))
      }),
      { numRuns: 1_000 },
    )
  })
})
