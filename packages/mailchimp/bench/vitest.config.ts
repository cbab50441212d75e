// Runs bench/*.measure.ts (not part of `pnpm test`): npx vitest run --config bench/vitest.config.ts
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import shared from '../../../vitest.shared.ts'

export default defineConfig({
  ...shared,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    ...shared.test,
    include: ['bench/**/*.measure.ts'],
    testTimeout: 300_000,
    reporters: ['default'],
  },
})
