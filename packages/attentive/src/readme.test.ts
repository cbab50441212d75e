import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { AttentiveOptions } from './options'
import { ATTENTIVE_RULES } from './rules'

// The README's tables must follow the code (scripts/docs.mjs writes the options table from dist).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start, heading).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

type Described = { description?: string; properties?: Record<string, Described> }

function descriptions(schema: Described): string[] {
  return Object.values(schema.properties ?? {}).flatMap((prop) => [
    ...(prop.description ? [prop.description] : []),
    ...descriptions(prop),
  ])
}

describe('README', () => {
  it('has every option description of the schema in its options table', () => {
    const table = readme.split('<!-- options:start -->')[1]?.split('<!-- options:end -->')[0] ?? ''
    const schema = z.toJSONSchema(AttentiveOptions, { io: 'input', unrepresentable: 'any' })
    for (const text of descriptions(schema as Described)) expect(table).toContain(text)
  })

  it('lists every rule code with its outcome', () => {
    const rows = section('Outcomes').split('\n')
    for (const rule of ATTENTIVE_RULES) {
      const row = rows.find((line) => line.includes(`\`${rule.code}\``))
      expect(row, rule.code).toContain(`\`${rule.outcome}\``)
    }
  })

  it('shows each plan decision code in the Events table', () => {
    const events = section('Events')
    for (const code of [
      'EVENT_FILTERED',
      'ATTENTIVE_ATTRIBUTE_SYNC_OFF',
      'ATTENTIVE_NO_ATTRIBUTES',
      'ATTENTIVE_NO_IDENTITY',
      'ATTENTIVE_INVALID_EMAIL',
      'ATTENTIVE_INVALID_PHONE',
      'ATTENTIVE_NO_EVENT_TYPE',
    ]) {
      expect(events, code).toContain(`\`${code}\``)
    }
  })
})
