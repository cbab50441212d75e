import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

const soak = process.env.BH_RELIABILITY_SOAK === '1'
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default mergeConfig(
  shared,
  defineConfig({
    resolve: {
      // An array goes in front of the shared aliases: subpaths the shared config does not map.
      alias: [
        {
          find: /^@bubblehouse-hooks\/core\/node$/,
          replacement: here('../../packages/core/src/node/index.ts'),
        },
      ],
    },
    test: {
      include: ['test/**/*.test.ts'],
      // Scenarios load the machine (hundreds of requests a second, child hosts, redis-server):
      // one file at a time keeps answer times meaningful on two cores.
      fileParallelism: false,
      testTimeout: soak ? 6 * 60 * 60_000 : 240_000,
      hookTimeout: 120_000,
      // Bundles the host CLI from source for the scenarios; prints the summary at the end.
      globalSetup: ['test/global-setup.ts'],
    },
  }),
)
