// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/** A store that cannot be opened at start names what is missing and how to fix it. */
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../src/store'
import { storeOpenIssue } from '../src/store-open-issue'
import { cli } from './cli-run'
import { newSecret, tempDir } from './helpers'

let dir: { dir: string; cleanup(): Promise<void> }
beforeAll(async () => {
  dir = await tempDir()
})
afterAll(() => dir.cleanup())

/** The error `fn` throws (it must throw). */
async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

/**
 * A real "not installed": Node's own error for importing `name` from a folder where it is not
 * installed (in a child process: the test runner resolves workspace packages itself).
 */
function importFromEmptyFolder(name: string): Error {
  const script = `import(${JSON.stringify(name)}).catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: dir.dir,
    encoding: 'utf8',
  })
  const { code, message } = JSON.parse(printed) as { code: string; message: string }
  return Object.assign(new Error(message), { code })
}

describe('storeOpenIssue', () => {
  it('a store package that is not installed is named, with the npm command', async () => {
    const err = importFromEmptyFolder('@bubblehouse-hooks/store-sqlite')
    const issue = storeOpenIssue(err, { kind: 'sqlite', path: './data/hooks.db' })
    expect(issue.path).toBe('store')
    expect(issue.message).toBe(
      'needs the package @bubblehouse-hooks/store-sqlite, which is not installed',
    )
    expect(issue.hint).toMatch(/^npm install @bubblehouse-hooks\/store-sqlite next to the host /)
    expect(issue.hint).toContain('{ kind: memory }')
  })

  it('the Redis store package, likewise', async () => {
    const err = importFromEmptyFolder('@bubblehouse-hooks/store-redis')
    expect(
      storeOpenIssue(err, { kind: 'redis', url: 'redis://:pw@db:6379', keyPrefix: 'bh:' }),
    ).toEqual({
      path: 'store',
      message: 'needs the package @bubblehouse-hooks/store-redis, which is not installed',
      hint: 'npm install @bubblehouse-hooks/store-redis next to the host',
    })
  })

  it('the store package present but its driver missing names the driver', async () => {
    const err = importFromEmptyFolder('better-sqlite3')
    const issue = storeOpenIssue(err, { kind: 'sqlite', path: './data/hooks.db' })
    expect(issue.message).toBe(
      'needs better-sqlite3 (used by @bubblehouse-hooks/store-sqlite), which is not installed',
    )
  })

  it.each([
    // What the `bindings` package throws when better-sqlite3's install script never built the addon.
    'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
    // What Node throws for an addon built for another Node.
    "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137.",
  ])('a missing or foreign native binding says to rebuild it: %s', (message) => {
    const issue = storeOpenIssue(new Error(message), { kind: 'sqlite', path: 'hooks.db' })
    expect(issue.message).toBe(
      "needs better-sqlite3's native binding, which is missing or was built for another Node",
    )
    expect(issue.hint).toMatch(/^rebuild it for this Node: npm rebuild better-sqlite3 /)
    expect(issue.hint).toContain('pnpm approve-builds')
  })

  it('a path under a file names the path, not "the store package"', async () => {
    const file = join(dir.dir, 'a-file')
    await writeFile(file, '')
    const path = join(file, 'hooks.db')
    const err = await thrown(() => openStore({ kind: 'sqlite', path }))
    expect(storeOpenIssue(err, { kind: 'sqlite', path })).toEqual({
      path: 'store',
      message: `could not be opened at ${path}`,
      hint: 'check that its folder can be created and is writable by this user, and that the disk is not full',
    })
  })

  it('anything else keeps the error code and never prints the message', () => {
    const err = Object.assign(new Error('redis://:hunter2@db failed'), { code: 'ERR_ODD' })
    const issue = storeOpenIssue(err, { kind: 'redis', url: 'redis://:hunter2@db', keyPrefix: '' })
    expect(issue).toEqual({
      path: 'store',
      message: 'could not be opened (ERR_ODD)',
      hint: 'check the store settings',
    })
  })
})

describe('start', () => {
  it('prints the store issue located in the config file', async () => {
    const file = join(dir.dir, 'blocked')
    await writeFile(file, '')
    const yaml = join(dir.dir, 'store.yaml')
    await writeFile(
      yaml,
      `store:\n  kind: sqlite\n  path: ${join(file, 'hooks.db')}\nauth:\n  keys:\n    - secret: "${newSecret()}"\n`,
    )
    const r = await cli(['start', '--config', yaml, '--port', '0'])
    expect(r.code).toBe(1)
    expect(r.err).toContain(`could not be opened at ${join(file, 'hooks.db')}`)
    expect(r.err).toContain('writable by this user')
  })
})
