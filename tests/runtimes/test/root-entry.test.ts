// Core's root entry must load on runtimes without Node's modules: esbuild resolves its whole
// import graph (core's sources and its dependencies' published files) and no module reached
// through static imports may be a Node built-in.
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'

const CORE_SRC = fileURLToPath(new URL('../../../packages/core/src/', import.meta.url))
const BUILTINS = new Set(builtinModules)

const isBuiltin = (path: string) => path.startsWith('node:') || BUILTINS.has(path.split('/')[0]!)

/** Node built-ins stay external, so they show up in the metafile as imports. */
const externalBuiltins: Plugin = {
  name: 'external-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      isBuiltin(args.path) ? { path: args.path, external: true } : undefined,
    )
  },
}

/** One import of a Node built-in: which file, how (static or dynamic). */
interface BuiltinImport {
  readonly importer: string
  readonly builtin: string
  readonly dynamic: boolean
}

/**
 * Every Node built-in the graph of `entry` imports, following static imports only for
 * `static: true` (and recording how each built-in was reached).
 */
async function builtinImports(entry: string): Promise<{
  readonly reached: readonly BuiltinImport[]
  readonly files: readonly string[]
}> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    // No `node` condition and no Node main fields: what Bun, Deno or a Worker bundler would pick.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    absWorkingDir: CORE_SRC,
    plugins: [externalBuiltins],
  })
  const inputs: Metafile['inputs'] = result.metafile.inputs
  const reached: BuiltinImport[] = []
  const seen = new Set<string>()
  // Walk from the entry; a dynamic import marks everything after it as dynamic.
  const walk = (file: string, dynamic: boolean) => {
    const key = `${file}|${dynamic}`
    if (seen.has(key)) return
    seen.add(key)
    for (const imported of inputs[file]?.imports ?? []) {
      const viaDynamic = dynamic || imported.kind === 'dynamic-import'
      if (imported.external) {
        if (isBuiltin(imported.path)) {
          reached.push({ importer: file, builtin: imported.path, dynamic: viaDynamic })
        }
      } else {
        walk(imported.path, viaDynamic)
      }
    }
  }
  const root = Object.keys(inputs).find((file) => entry.endsWith(file))
  if (!root) throw new Error(`entry ${entry} not in the metafile`)
  walk(root, false)
  return { reached, files: [...new Set([...seen].map((key) => key.split('|')[0]!))] }
}

describe("core's root entry", () => {
  it('imports no Node built-in through a static import, in core or its dependencies', async () => {
    const { reached, files } = await builtinImports(`${CORE_SRC}index.ts`)
    expect(reached.filter((i) => !i.dynamic)).toEqual([])
    // The walk did reach the dependencies: zod's and jose's files are in it.
    for (const dependency of ['/zod/', '/jose/']) {
      expect(files.some((file) => file.includes(dependency))).toBe(true)
    }
  })

  it('reaches node:http only through the HTTP client lazy import', async () => {
    const { reached } = await builtinImports(`${CORE_SRC}index.ts`)
    expect(new Set(reached.map((i) => i.importer))).toEqual(new Set(['http/node-transport.ts']))
    expect(reached.every((i) => i.dynamic)).toBe(true)
    expect(reached.map((i) => i.builtin)).toContain('node:http')
  })

  it('sees a static import of a built-in: the /testing entry serves the fake vendor on node:http', async () => {
    const { reached } = await builtinImports(`${CORE_SRC}testing/index.ts`)
    expect(reached).toContainEqual({
      importer: 'testing/fake-vendor.ts',
      builtin: 'node:http',
      dynamic: false,
    })
  })
})
