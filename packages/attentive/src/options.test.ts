import { ConfigError, createConnector } from '@bubblehouse-hooks/core'
import { describe, expect, it } from 'vitest'
import attentive from './index'
import { AttentiveOptions } from './options'

describe('AttentiveOptions', () => {
  it('needs only the API key and fills in the documented defaults', () => {
    expect(AttentiveOptions.parse({ apiKey: 'k' })).toEqual({
      apiKey: 'k',
      baseUrl: 'https://api.attentivemobile.com/v1',
      timeoutMs: 10_000,
      events: { deny: [] },
      eventNames: {},
      eventProps: ['segment_props', 'extra_props'],
      attributeProps: {},
      customerOnly: 'attributes',
    })
  })

  it('names the path of a missing API key', () => {
    expect(() => createConnector(attentive, {})).toThrow(ConfigError)
    expect(() => createConnector(attentive, {})).toThrow(/connectors\.attentive\.apiKey/)
  })

  it.each([
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ timeoutMs: 60_000 }, 'timeoutMs'],
    [{ eventNames: { 'Points Earned': 'Points (Earned)' } }, 'eventNames.Points Earned'],
    [{ eventNames: { 'Points Earned': 'a, b' } }, 'eventNames.Points Earned'],
    [{ attributeProps: { BH_Tier: 'x'.repeat(201) } }, 'attributeProps.BH_Tier'],
    [{ customerOnly: 'upsert' }, 'customerOnly'],
    [{ phoneProp: '' }, 'phoneProp'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => createConnector(attentive, { apiKey: 'k', ...input })).toThrow(
      new RegExp(`connectors\\.attentive\\.${path.replaceAll('.', '\\.')}`),
    )
  })

  it('describes every option (the docs and the config JSON Schema come from it)', () => {
    const schema = AttentiveOptions.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as {
      properties: Record<
        string,
        { description?: string; properties?: Record<string, { description?: string }> }
      >
    }
    for (const [name, prop] of Object.entries(schema.properties)) {
      expect(prop.description, name).toBeTruthy()
      for (const [inner, sub] of Object.entries(prop.properties ?? {})) {
        expect(sub.description, `${name}.${inner}`).toBeTruthy()
      }
    }
  })
})
