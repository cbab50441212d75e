/**
 * The README contract every connector package runs: the house sections exist, the options table
 * holds every option description of the zod schema, and the Outcomes table lists every rule code
 * with its outcome. Docs that follow the code, checked where the code changes.
 * @module
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { ClassifyRule } from '../classify/rules'

/** Options of {@link runReadmeContract}. */
export interface ReadmeContractOptions {
  /** The README's text. */
  readonly readme: string
  /** The connector's options schema (its `.describe()` texts feed the options table). */
  readonly options: z.ZodType
  /** The connector's rules table. */
  readonly rules: readonly ClassifyRule[]
  /** Headings that must exist besides `Options`, `Outcomes` and `Example config`. */
  readonly sections?: readonly string[]
}

/**
 * The text of the `## heading` section of a README (up to the next `## `); throws when missing.
 * @example
 * readmeSection(readme, 'Example config')
 */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  if (start === -1) throw new Error(`the README has no "## ${heading}" section`)
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

/**
 * Register the README contract (call it at the top level of a test file).
 * @example
 * runReadmeContract({ readme: readFileSync(new URL('../README.md', import.meta.url), 'utf8'), options: KlaviyoOptions, rules: KLAVIYO_RULES })
 */
export function runReadmeContract(options: ReadmeContractOptions): void {
  const { readme } = options
  describe('README contract', () => {
    it('has the house sections', () => {
      for (const heading of [
        'Options',
        'Outcomes',
        'Example config',
        ...(options.sections ?? []),
      ]) {
        expect(() => readmeSection(readme, heading)).not.toThrow()
      }
    })

    it('has every option description of the schema in its options table', () => {
      const table =
        readme.split('<!-- options:start -->')[1]?.split('<!-- options:end -->')[0] ?? ''
      expect(table, 'no <!-- options:start --> … <!-- options:end --> table').not.toBe('')
      const schema = z.toJSONSchema(options.options, { io: 'input', unrepresentable: 'any' })
      for (const text of descriptions(schema as Described)) expect(table).toContain(text)
    })

    it('lists every rule code with its outcome', () => {
      const rows = readmeSection(readme, 'Outcomes').split('\n')
      for (const rule of options.rules) {
        const row = rows.find((line) => line.includes(`\`${rule.code}\``))
        expect(row, rule.code).toContain(`\`${rule.outcome}\``)
      }
    })
  })
}
