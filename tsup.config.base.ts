import type { Options } from 'tsup'

/**
 * The build every published package shares: ESM (CommonJS on Node 20.19+ require()s it), with
 * types and source maps.
 */
export const baseConfig: Options = {
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
}
