import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))

// Workspace packages resolve to their TypeScript sources in tests, so no build step is needed.
const alias: Record<string, string> = {
  '@bubblehouse-hooks/core/testing': `${root}packages/core/src/testing/index.ts`,
  '@bubblehouse-hooks/core/testing/tools': `${root}packages/core/src/testing/tools.ts`,
  '@bubblehouse-hooks/core/node': `${root}packages/core/src/node/index.ts`,
}
for (const dir of readdirSync(`${root}packages`)) {
  alias[`@bubblehouse-hooks/${dir}`] = `${root}packages/${dir}/src/index.ts`
}
alias['@bubblehouse-hooks/store-redis/testing'] = `${root}packages/store-redis/src/testing/index.ts`
alias['@bubblehouse-hooks/host'] = `${root}apps/host/src/index.ts`

// Exact matches, so `@bubblehouse-hooks/x/testing` never falls into the `@bubblehouse-hooks/x` alias.
const exactAliases = Object.entries(alias).map(([name, path]) => ({
  find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`),
  replacement: path,
}))

export default defineConfig({
  resolve: { alias: exactAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Roomy: CI shares 2 cores between packages; speed is measured by `pnpm bench`, not here.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The JSON report feeds the one-line summary CI prints (scripts/test-summary.mjs).
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
  },
})
