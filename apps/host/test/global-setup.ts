/**
 * Bundle the CLI from source (workspace packages included, through their `source` export
 * condition) into .cache/test-cli/cli.js, so child-process tests need no prior `pnpm build`.
 */
import { fileURLToPath } from 'node:url'
import { bundleFromSource } from '../../../scripts/bundle-from-source.ts'

export const TEST_CLI = fileURLToPath(new URL('../.cache/test-cli/cli.js', import.meta.url))

export default async function setup(): Promise<void> {
  await bundleFromSource({
    entryPoints: [fileURLToPath(new URL('../src/cli.ts', import.meta.url))],
    outfile: TEST_CLI,
    workspace: 'inline',
    sourcemap: true,
  })
}
