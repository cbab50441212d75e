/** `bubblehouse-hooks init`: write a starter config, for an install without a clone of the repo. @module */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { codeOf } from '../../guards'
import { type Command, stringOf } from '../command'
import { DEFAULT_CONFIG } from '../shared'
import { STARTER_CONFIG } from '../starter-config'

/** The `init` command. */
export const initCommand: Command = {
  name: 'init',
  summary: `Write a starter config (./${DEFAULT_CONFIG}): SQLite store, the log connector.`,
  details: [
    'Never overwrites a file. Then: bubblehouse-hooks check, and bubblehouse-hooks start --dev',
    '(or set BH_HOOK_SECRET to the secret from the Bubblehouse API settings page).',
  ],
  options: {
    out: {
      type: 'string',
      short: 'o',
      value: 'FILE',
      description: `Write it to FILE (default ./${DEFAULT_CONFIG}); - prints it`,
    },
  },
  examples: ['bubblehouse-hooks init', 'bubblehouse-hooks init --out /etc/bubblehouse-hooks.yaml'],
  async run(values, io) {
    const out = stringOf(values, 'out') ?? DEFAULT_CONFIG
    if (out === '-') {
      io.out(STARTER_CONFIG)
      return 0
    }
    try {
      await writeFile(resolve(io.cwd, out), STARTER_CONFIG, { flag: 'wx' })
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') throw err
      io.err(`${out} already exists: init never overwrites a config (pass --out FILE)\n`)
      return 1
    }
    io.err(`wrote ${out}; next: bubblehouse-hooks check --config ${out}\n`)
    return 0
  },
}
