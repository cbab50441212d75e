import { describe, expect, it } from 'vitest'
import { Hello1InputSchema, Hello1OutputSchema, SERVED_HOOKS } from './hello1'

describe('Hello1 schemas', () => {
  it('reads magic and tolerates other fields', () => {
    expect(Hello1InputSchema.parse({ magic: 'k3J9xQ', extra: 1 }).magic).toBe('k3J9xQ')
  })

  it.each([{}, { magic: 42 }, { magic: null }])('rejects %j', (body) => {
    expect(Hello1InputSchema.safeParse(body).success).toBe(false)
  })

  it('describes the answer of the protocol example', () => {
    expect(Hello1OutputSchema.parse({ magic: 'k3J9xQ', hooks: ['SendEvent1'] })).toEqual({
      magic: 'k3J9xQ',
      hooks: ['SendEvent1'],
    })
  })

  it('serves SendEvent1 only (a new version is a deliberate change)', () => {
    expect(SERVED_HOOKS).toEqual(['SendEvent1'])
  })
})
