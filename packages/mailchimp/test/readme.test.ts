// The README's options table and outcome table stay in sync with the code.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MailchimpOptionsSchema, MEMBER_STATUS_RESULTS, RULES_BY_OPERATION } from '../src/index'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

const section = (start: string, end: string) => {
  const from = readme.indexOf(start)
  const to = readme.indexOf(end, from + start.length)
  expect(from).toBeGreaterThan(-1)
  expect(to).toBeGreaterThan(from)
  return readme.slice(from, to)
}

describe('README', () => {
  it('lists every option, and only those, between the options markers', () => {
    const table = section('<!-- options:start -->', '<!-- options:end -->')
    const documented = [...table.matchAll(/^\| `([A-Za-z]+)`\s*\|/gm)].map((m) => m[1])
    expect(documented).toEqual(Object.keys(MailchimpOptionsSchema.shape))
  })

  it('has the required sections', () => {
    for (const heading of ['## Events', '## Options', '## Outcomes', '## Example config']) {
      expect(readme).toContain(`\n${heading}\n`)
    }
  })

  it('names every result code of the rules in the outcome table', () => {
    const outcomes = section('## Outcomes', '\n## ')
    const codes = [
      ...Object.values(RULES_BY_OPERATION).flatMap((rules) => rules.map((r) => r.code)),
      ...Object.values(MEMBER_STATUS_RESULTS).map((r) => r.code),
    ]
    for (const code of new Set(codes)) expect(outcomes, code).toContain(`\`${code}\``)
  })
})
