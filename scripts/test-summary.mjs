// Sums the vitest JSON reports every package wrote during `pnpm test` into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

let passed = 0
let failed = 0
let skipped = 0
const dirs = ['packages', 'apps', 'tests']
  .filter((group) => existsSync(group))
  .flatMap((group) => readdirSync(group).map((dir) => join(group, dir)))
  .concat(['examples/embedding'])
for (const dir of dirs) {
  const file = join(dir, 'test-results.json')
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + (report.numTodoTests ?? 0)
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
