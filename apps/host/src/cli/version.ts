/** The package version, read from package.json next to dist/ or src/. @module */
import { readFileSync } from 'node:fs'

function readVersion(): string {
  try {
    const pkg: unknown = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    )
    if (
      typeof pkg === 'object' &&
      pkg !== null &&
      'version' in pkg &&
      typeof pkg.version === 'string'
    ) {
      return pkg.version
    }
  } catch {}
  return '0.0.0'
}

/** e.g. `0.1.0`. */
export const VERSION = readVersion()
