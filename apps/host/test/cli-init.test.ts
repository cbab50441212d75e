/** `bubblehouse-hooks init`: a starter config for an install from npm, with no clone of the repo. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { STARTER_CONFIG } from '../src/cli/starter-config'
import { cli } from './cli-run'
import { newSecret, tempDir } from './helpers'

const EXAMPLE = fileURLToPath(new URL('../../../examples/bubblehouse-hooks.yaml', import.meta.url))

describe('init', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeEach(async () => {
    dir = await tempDir()
  })
  afterEach(() => dir.cleanup())

  it('writes ./bubblehouse-hooks.yaml, which check then accepts', async () => {
    const r = await cli(['init'], { cwd: dir.dir })
    expect(r).toEqual({
      code: 0,
      out: '',
      err: 'wrote bubblehouse-hooks.yaml; next: bubblehouse-hooks check --config bubblehouse-hooks.yaml\n',
    })
    expect(await readFile(join(dir.dir, 'bubblehouse-hooks.yaml'), 'utf8')).toBe(STARTER_CONFIG)
    const check = await cli(['check'], { cwd: dir.dir, env: { BH_HOOK_SECRET: newSecret() } })
    expect(check.err).toBe('')
    expect(check.code).toBe(0)
  })

  it('never overwrites a file', async () => {
    const file = join(dir.dir, 'bubblehouse-hooks.yaml')
    await writeFile(file, 'store: { kind: memory }\n')
    const r = await cli(['init'], { cwd: dir.dir })
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      'bubblehouse-hooks.yaml already exists: init never overwrites a config (pass --out FILE)\n',
    )
    expect(await readFile(file, 'utf8')).toBe('store: { kind: memory }\n')
  })

  it('--out - prints it', async () => {
    const r = await cli(['init', '--out', '-'], { cwd: dir.dir })
    expect(r).toEqual({ code: 0, out: STARTER_CONFIG, err: '' })
  })

  it('has the settings of examples/bubblehouse-hooks.yaml (only the comments differ)', async () => {
    expect(parse(STARTER_CONFIG)).toEqual(parse(await readFile(EXAMPLE, 'utf8')))
  })

  it('a missing config names init as the fix', async () => {
    const r = await cli(['check'], { cwd: dir.dir })
    expect(r.code).toBe(1)
    expect(r.err).toContain(
      'write instead: pass --config FILE, or run bubblehouse-hooks init to write a starter ./bubblehouse-hooks.yaml',
    )
  })
})
