/**
 * Where the suite keeps its build of the host CLI, logs and results (git-ignored), one folder per
 * mode, so a soak run and a CI run never share (or wipe) each other's files.
 * @module
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const mode = process.env.BH_RELIABILITY_SOAK === '1' ? 'soak' : 'ci'

/** tests/reliability/.cache/<mode> */
export const CACHE_DIR = join(fileURLToPath(new URL('../.cache', import.meta.url)), mode)

/** The host CLI bundled from source by the global setup. */
export const HOST_CLI = join(CACHE_DIR, 'host-cli', 'cli.js')

/** Preloaded with `--import`: maps `@bubblehouse-hooks/*` to the bundles next to the CLI. */
export const HOST_REGISTER = join(CACHE_DIR, 'host-cli', 'register.mjs')

/** One JSON file of figures per scenario, read by the summary at the end of the run. */
export const RESULTS_DIR = join(CACHE_DIR, 'results')
