import { describe, expect, it } from 'vitest'
import { EVENT_ID_NAMESPACE, externalEventIdOf, uuidV5 } from './event-id'

describe('externalEventId', () => {
  it('is RFC 9562 UUID v5 (the RFC test vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    )
  })

  it("uses this connector's own namespace, derived as documented", () => {
    expect(
      uuidV5(
        'https://github.com/bubblehouse-hooks/bubblehouse-hooks#attentive',
        '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
      ),
    ).toBe(EVENT_ID_NAMESPACE)
  })

  it('is the same for the same bhid and differs between bhids', () => {
    expect(externalEventIdOf('24a5be6c83010001')).toBe(externalEventIdOf('24a5be6c83010001'))
    expect(externalEventIdOf('24a5be6c83010001')).not.toBe(externalEventIdOf('24a5be6c83010002'))
    expect(externalEventIdOf('24a5be6c83010001')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
