import { describe, expect, it } from 'vitest'
import { EVENT_ID_NAMESPACE, eventIdOf, uuidV5 } from './event-id'

const DNS = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'
const URL_NS = '6ba7b811-9dad-11d1-80b4-00c04fd430c8'

describe('eventID from the bhid (UUID v5)', () => {
  it('matches the well-known UUID v5 vector (Python uuid.uuid5(NAMESPACE_DNS, "www.example.com"))', () => {
    expect(uuidV5('www.example.com', DNS)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2')
  })

  it('derives its namespace as documented', () => {
    expect(uuidV5('https://github.com/bubblehouse-hooks/bubblehouse-hooks#omnisend', URL_NS)).toBe(
      EVENT_ID_NAMESPACE,
    )
  })

  it('is a version 5, RFC variant UUID, the same for the same bhid and different for another', () => {
    const id = eventIdOf('24a5be6c83010001')
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(eventIdOf('24a5be6c83010001')).toBe(id)
    expect(eventIdOf('24a5be6c83010002')).not.toBe(id)
    expect(eventIdOf('x'.repeat(256))).toMatch(/^[0-9a-f-]{36}$/)
  })
})
