/**
 * Bundle TypeScript entry points from source with esbuild (it comes with tsup, a root dev
 * dependency), for tests that run the host as a child process without a prior `pnpm build`.
 * Workspace packages resolve through their `source` export condition. Third-party imports stay
 * external, pinned to the absolute file each one resolves to, so pnpm's layout keeps working from
 * the bundle's folder.
 */
import { createRequire, isBuiltin } from 'node:module'
import { pathToFileURL } from 'node:url'

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

/** Options of {@link bundleFromSource}: exactly one of `outfile` and `outdir`. */
export interface BundleOptions {
  readonly entryPoints: readonly string[] | Readonly<Record<string, string>>
  readonly outfile?: string
  readonly outdir?: string
  /**
   * `inline`: `@bubblehouse-hooks/*` imports are bundled in. `external`: they stay bare imports
   * (for a layout where each package is its own bundle and a resolve hook maps the names).
   */
  readonly workspace: 'inline' | 'external'
  readonly sourcemap?: boolean
}

const WORKSPACE = '@bubblehouse-hooks/'

export async function bundleFromSource(options: BundleOptions): Promise<void> {
  const tsup = createRequire(import.meta.url).resolve('tsup')
  const esbuild: Esbuild = await import(pathToFileURL(createRequire(tsup).resolve('esbuild')).href)
  await esbuild.build({
    entryPoints: options.entryPoints,
    ...(options.outfile !== undefined ? { outfile: options.outfile } : {}),
    ...(options.outdir !== undefined ? { outdir: options.outdir } : {}),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    ...(options.sourcemap ? { sourcemap: 'inline' } : {}),
    logLevel: 'error',
    plugins: [
      {
        name: 'third-party-by-path',
        setup(build: EsbuildPluginBuild) {
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'inner') return undefined
            if (args.path.startsWith(WORKSPACE)) {
              return options.workspace === 'external'
                ? { path: args.path, external: true }
                : undefined
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
