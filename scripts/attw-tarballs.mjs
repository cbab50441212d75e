// @arethetypeswrong/cli's check with `--profile esm-only`, for many tarballs in one process (the
// CLI loads TypeScript once per tarball, the most CPU of packages:check). Uses the CLI's own
// exit rule and renderer, so the verdict and report are the CLI's.
// Usage: node scripts/attw-tarballs.mjs <out dir> <tarball> … ; writes <out dir>/<tarball name>.attw
// with the report of each failing tarball; exits 1 if any fails.
import { realpathSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [outDir, ...tarballs] = process.argv.slice(2)
// Resolved from the CLI's real folder: pnpm links its dependencies there, not at the root.
const cli = createRequire(
  realpathSync(join(process.cwd(), 'node_modules', '@arethetypeswrong', 'cli', 'package.json')),
)
const load = (id) => import(pathToFileURL(cli.resolve(id)).href)
const core = await load('@arethetypeswrong/core')
const { getExitCode } = await load('@arethetypeswrong/cli/internal/getExitCode')
const render = await load('@arethetypeswrong/cli/internal/render')
// The esm-only profile: node10 and node16 CommonJS resolutions are not the packages' contract.
const opts = {
  ignoreResolutions: ['node10', 'node16-cjs'],
  format: 'ascii',
  emoji: false,
  color: false,
}

let failed = 0
for (const tarball of tarballs) {
  const pkg = core.createPackageFromTarballData(new Uint8Array(await readFile(tarball)))
  const analysis = await core.checkPackage(pkg)
  if (getExitCode(analysis, opts) === 0) continue
  failed += 1
  const report = analysis.types ? await render.typed(analysis, opts) : render.untyped(analysis)
  await writeFile(join(outDir, `${basename(tarball)}.attw`), report)
}
process.exit(failed > 0 ? 1 : 0)
