import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Temp directories for one test file; `cleanup()` removes them all. */
export function tempDirs() {
  const made: string[] = []
  return {
    make(): string {
      const dir = mkdtempSync(join(tmpdir(), 'bh-store-sqlite-'))
      made.push(dir)
      return dir
    },
    cleanup(): void {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
    },
  }
}
