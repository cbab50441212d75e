/**
 * Bundle the CLI from source (workspace packages included, through their `source` export
 * condition) into .cache/test-cli/cli.js, so child-process tests need no prior `pnpm build`.
 * Third-party imports stay external, pinned to the absolute file each package resolves to.
 */
import { createRequire, isBuiltin } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const TEST_CLI = fileURLToPath(new URL('../.cache/test-cli/cli.js', import.meta.url))

interface EsbuildResolveArgs {
  readonly path: string
  readonly kind: string
  readonly resolveDir: string
  readonly pluginData?: unknown
}
interface EsbuildPluginBuild {
  onResolve(
    options: { filter: RegExp },
    callback: (
      args: EsbuildResolveArgs,
    ) => Promise<{ path: string; external?: boolean } | undefined>,
  ): void
  resolve(
    path: string,
    options: { kind: string; resolveDir: string; pluginData: unknown },
  ): Promise<{ path: string; errors: unknown[] }>
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<unknown>
}

export default async function setup(): Promise<void> {
  const require = createRequire(import.meta.url)
  const tsup = require.resolve('tsup')
  const esbuild: Esbuild = await import(pathToFileURL(createRequire(tsup).resolve('esbuild')).href)
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
    outfile: TEST_CLI,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    sourcemap: 'inline',
    logLevel: 'error',
    plugins: [
      {
        name: 'third-party-by-path',
        setup(build: EsbuildPluginBuild) {
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'inner' || args.path.startsWith('@bubblehouse-hooks/')) {
              return undefined
            }
            if (isBuiltin(args.path)) return { path: args.path, external: true }
            const resolved = await build.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              pluginData: 'inner',
            })
            if (resolved.errors.length > 0) return undefined
            return { path: resolved.path, external: true }
          })
        },
      },
    ],
  })
}
