import { readFileSync } from 'node:fs'

/** A vendor body from this folder, parsed. */
export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'))
}
