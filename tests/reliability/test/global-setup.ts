/**
 * Before the scenarios: bundle the host CLI and the workspace packages from source (through their
 * `source` export condition; third-party packages left external, pinned to the file each resolves
 * to) into .cache/host-cli, so scenarios can run the host as a process (and kill it) with no
 * prior `pnpm build`. After them: print the figures every scenario wrote.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundleFromSource } from '../../../scripts/bundle-from-source.ts'
import { HOST_CLI, HOST_REGISTER, RESULTS_DIR } from '../src/paths'
import { printSummary } from '../src/report'

/**
 * Every `@bubblehouse-hooks/*` entry point the workspace exports with a `source` condition
 * (`@bubblehouse-hooks/core`, `@bubblehouse-hooks/core/node`, …): bundle name → source file.
 */
function workspaceEntries(): Map<string, { readonly specifier: string; readonly source: string }> {
  const entries = new Map<string, { specifier: string; source: string }>()
  const root = fileURLToPath(new URL('../../../packages/', import.meta.url))
  for (const dir of readdirSync(root)) {
    let pkg: { name?: unknown; exports?: unknown }
    try {
      pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
    } catch {
      continue
    }
    if (typeof pkg.name !== 'string' || pkg.exports === null || typeof pkg.exports !== 'object') {
      continue
    }
    for (const [key, target] of Object.entries(pkg.exports)) {
      const source = (target as { source?: unknown } | null)?.source
      if (typeof source !== 'string') continue
      const specifier = key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`
      entries.set(specifier.slice('@bubblehouse-hooks/'.length).replace(/\//g, '__'), {
        specifier,
        source: join(root, dir, source),
      })
    }
  }
  return entries
}

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url))

/**
 * The host resolves its built-in connectors at run time (`import(name)` with a variable name), so
 * a single bundle cannot hold them. Instead every workspace package is bundled on its own, with
 * `@bubblehouse-hooks/*` imports left bare, and a resolve hook (registered with `--import`) maps
 * those names to the bundles: the published layout, built from source.
 */
async function bundleHostCli(): Promise<void> {
  const outdir = dirname(HOST_CLI)
  rmSync(outdir, { recursive: true, force: true })
  const entries = workspaceEntries()
  await bundleFromSource({
    entryPoints: {
      cli: repo('apps/host/src/cli.ts'),
      ...Object.fromEntries([...entries].map(([name, entry]) => [name, entry.source])),
    },
    outdir,
    workspace: 'external',
  })
  const map = Object.fromEntries(
    [...entries].map(([name, entry]) => [
      entry.specifier,
      pathToFileURL(join(outdir, `${name}.js`)).href,
    ]),
  )
  writeFileSync(
    join(outdir, 'hooks.mjs'),
    `const map = ${JSON.stringify(map, null, 2)}\n` +
      'export async function resolve(specifier, context, next) {\n' +
      '  if (Object.hasOwn(map, specifier)) return { url: map[specifier], shortCircuit: true }\n' +
      '  return next(specifier, context)\n' +
      '}\n',
  )
  writeFileSync(
    HOST_REGISTER,
    "import { register } from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n",
  )
}

export async function setup(): Promise<void> {
  // Without run.mjs (plain `vitest run`), still one seed for every scenario file.
  process.env.BH_RELIABILITY_SEED ??= String(Math.floor(Math.random() * 2 ** 31))
  rmSync(RESULTS_DIR, { recursive: true, force: true })
  mkdirSync(RESULTS_DIR, { recursive: true })
  await bundleHostCli()
}

export function teardown(): void {
  printSummary()
}
