// Loads every entry point of every installed @bubblehouse-hooks package, the way a consumer would:
// `node entries.mjs require` with require() (CommonJS), `node entries.mjs import` with import().
// Each entry must load and export something; the only entry allowed to fail is the one that needs
// vitest (not installed here), and it must fail by naming vitest. Prints one line per entry.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const NEEDS_VITEST = new Set(['@bubblehouse-hooks/core/testing'])
const mode = process.argv[2]
const require = createRequire(join(process.cwd(), 'consumer.cjs'))
const load = mode === 'require' ? async (id) => require(id) : (id) => import(id)
const scope = join(process.cwd(), 'node_modules', '@bubblehouse-hooks')

let failed = 0
for (const dir of readdirSync(scope)) {
  const { name, exports } = JSON.parse(readFileSync(join(scope, dir, 'package.json'), 'utf8'))
  for (const subpath of Object.keys(exports).filter((key) => key !== './package.json')) {
    const id = subpath === '.' ? name : `${name}/${subpath.slice(2)}`
    try {
      const names = Object.keys(await load(id))
      if (NEEDS_VITEST.has(id)) throw new Error('loaded without vitest installed')
      if (names.length === 0) throw new Error('exports nothing')
      console.log(`ok    ${mode} ${id} (${names.length} exports)`)
    } catch (err) {
      const expected = NEEDS_VITEST.has(id) && /'vitest'/.test(String(err?.message))
      if (!expected) failed += 1
      console.log(
        `${expected ? 'ok  ' : 'FAIL'}  ${mode} ${id}: ${expected ? 'needs vitest, as documented' : err.message}`,
      )
    }
  }
}
process.exit(failed > 0 ? 1 : 0)
