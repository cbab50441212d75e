import { readFileSync } from 'node:fs'
import { runReadmeContract } from '@bubblehouse-hooks/core/testing'
import { describe, expect, it } from 'vitest'
import { OmnisendOptions } from './options'
import { OMNISEND_RULES } from './rules'

// The README's tables must follow the code (scripts/docs.mjs writes the options table from dist).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

runReadmeContract({ readme, options: OmnisendOptions, rules: OMNISEND_RULES })

describe('README', () => {
  it('names the pinned API version', () => {
    expect(readme).toContain('Omnisend-Version: 2026-03-15')
  })
})
