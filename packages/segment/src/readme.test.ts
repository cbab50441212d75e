import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SegmentOptionsSchema } from './options'
import { SEGMENT_RULES } from './rules'

// The README's options and outcome tables must follow the code until a generator owns them.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const section = (heading: string) => {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start, heading).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

describe('README', () => {
  it('has the house sections', () => {
    for (const heading of [
      'Events',
      'Options',
      'Outcomes',
      'Example config',
      'Why not the Segment SDK',
    ]) {
      section(heading)
    }
  })

  it('lists exactly the schema options between the markers', () => {
    const table = readme.split('<!-- options:start -->')[1]?.split('<!-- options:end -->')[0] ?? ''
    const documented = [...table.matchAll(/^\| `(\w+)`\s*\|/gm)].map((m) => m[1])
    expect(documented).toEqual(Object.keys(SegmentOptionsSchema.shape))
  })

  it('lists every rule code with its outcome', () => {
    const outcomes = section('Outcomes')
    for (const rule of SEGMENT_RULES) {
      const row = outcomes.split('\n').find((line) => line.includes(`\`${rule.code}\``))
      expect(row, rule.code).toContain(`\`${rule.outcome}\``)
    }
  })

  it('gives the example config with the write key from the environment and an explicit region', () => {
    const example = section('Example config')
    expect(example).toContain('connectors:\n  segment:\n')
    expect(example).toContain(`writeKey: "\${SEGMENT_WRITE_KEY}"`)
    expect(example).toMatch(/region: (us|eu)/)
    // The same block as the host would read it (no YAML parser in this package).
    const parsed = SegmentOptionsSchema.safeParse({
      writeKey: 'DmBXIN4JnwqBnTqXccTF0wBnLXNQmFtk',
      region: 'eu',
      userIdSource: 'bhid',
      traitMapping: { BH_MagicLink: null },
      eventNames: { 'Points Earned': 'Loyalty Points Earned' },
      propertyMapping: { BH_Sender_Email: null },
      events: { deny: ['Birthday'] },
      oversize: 'drop_props',
    })
    expect(parsed.success).toBe(true)
    for (const key of Object.keys(parsed.data ?? {})) {
      if (['timeoutMs', 'customerTraits', 'propsSources'].includes(key)) continue
      expect(example, key).toContain(`${key}:`)
    }
  })
})
