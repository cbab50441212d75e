import { defineConfig } from 'tsup'
import { baseConfig } from '../../tsup.config.base'

export default defineConfig({
  ...baseConfig,
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  // An optional dependency (tsup externalises only dependencies and peers): imported at run time,
  // only by a host configured for SQLite, so a failed native build is reported at `start`.
  external: ['@bubblehouse-hooks/store-sqlite'],
})
