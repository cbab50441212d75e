import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.config.base'

export default defineConfig({
  ...baseConfig,
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/tools': 'src/testing/tools.ts',
    'node/index': 'src/node/index.ts',
  },
  external: ['vitest'],
  splitting: true,
})
