/** `bubblehouse-hooks schema`: the JSON Schema of the whole config file. @module */
import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { configJsonSchema } from '../../config/json-schema'
import { loadAllBuiltins } from '../../connectors/builtins'
import { type Command, stringOf } from '../command'

/** The schema as committed: 2-space JSON with a final newline. */
export async function configSchemaText(): Promise<string> {
  return `${JSON.stringify(configJsonSchema(await loadAllBuiltins()), null, 2)}\n`
}

/** The `schema` command. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of the config file, connector options included.',
  details: [
    'Editors complete and check the YAML with it: put this first line in the file:',
    '  # yaml-language-server: $schema=./bubblehouse-hooks.schema.json',
  ],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: 'Write it to FILE instead of stdout',
    },
    check: {
      type: 'string',
      value: 'FILE',
      description: 'Exit 1 when FILE differs from the current schema (for CI)',
    },
  },
  examples: [
    'bubblehouse-hooks schema --out examples/bubblehouse-hooks.schema.json',
    'bubblehouse-hooks schema --check examples/bubblehouse-hooks.schema.json',
  ],
  async run(values, io) {
    const text = await configSchemaText()
    const check = stringOf(values, 'check')
    const out = stringOf(values, 'out')
    if (check !== undefined) {
      const current = await readFile(resolve(io.cwd, check), 'utf8').catch(() => '')
      if (current === text) {
        io.err(`${check} is up to date\n`)
        return 0
      }
      io.err(`${check} is out of date; run: bubblehouse-hooks schema --out ${check}\n`)
      return 1
    }
    if (out !== undefined) {
      await writeFile(resolve(io.cwd, out), text)
      io.err(`wrote ${out}\n`)
      return 0
    }
    io.out(text)
    return 0
  },
}
