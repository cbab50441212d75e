import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.ts'

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Bundles the CLI from source once, for the tests that run it as a child process.
      globalSetup: ['test/global-setup.ts'],
    },
  }),
)
