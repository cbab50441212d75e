// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The built CLI as a child process on the SQLite store: a bhid delivered before a restart is not
 * delivered again after it; SIGTERM exits 0; a bad config exits 1 with the report.
 */

import { spawnSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sampleEvent } from '@bubblehouse-hooks/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendHook } from '../src/cli/commands/send'
import { BUILTIN_IDS } from '../src/connectors/builtins'
import { TEST_CLI } from './global-setup'
import { fileLines, jsonLines, newBhid, newSecret, startChildHost, tempDir } from './helpers'

describe('child process: SQLite store across a restart', () => {
  const secret = newSecret()
  let dir: { dir: string; cleanup(): Promise<void> }
  let yaml: string
  beforeAll(async () => {
    dir = await tempDir()
    yaml = [
      'store: { kind: sqlite, path: ./data/hooks.db }',
      'auth: { keys: [ { kid: main, secret: "${BH_HOOK_SECRET}" } ] }',
      'log: { format: json }',
      'connectors:',
      '  log: { to: ./data/events.jsonl }',
    ].join('\n')
  })
  afterAll(() => dir.cleanup())

  it('does not deliver a bhid again after a restart', async () => {
    const env = { BH_HOOK_SECRET: secret }
    const event = sampleEvent('points-earned', { bhid: newBhid() })
    const send = (url: string) =>
      sendHook({
        url: `${url}/hooks`,
        hook: 'SendEvent1',
        body: event,
        key: { kid: 'main', secret },
      })
    const eventsFile = join(dir.dir, 'data', 'events.jsonl')

    const first = await startChildHost(dir.dir, 'hooks.yaml', yaml, env)
    const before = await send(first.url)
    expect([before.status, before.outcome]).toEqual([200, 'sent'])
    expect(await first.stop('SIGTERM')).toBe(0)
    expect(await fileLines(eventsFile)).toHaveLength(1)

    const second = await startChildHost(dir.dir, 'hooks.yaml', yaml, env)
    try {
      const after = await send(second.url)
      expect([after.status, after.outcome]).toEqual([200, 'sent'])
      expect(await fileLines(eventsFile)).toHaveLength(1)
      const line = jsonLines(second.stdout()).find((l) => l.requestId === after.requestId)
      expect(line?.connectors).toEqual({
        log: { outcome: 'sent', code: 'LOG_WRITTEN', duplicate: true },
      })
    } finally {
      expect(await second.stop('SIGINT')).toBe(0)
    }
  })
})

describe('child process: start-up errors', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeAll(async () => {
    dir = await tempDir()
  })
  afterAll(() => dir.cleanup())

  const start = (file: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [TEST_CLI, 'start', '--config', file, '--port', '0'], {
      cwd: dir.dir,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    })

  it('a bad config exits 1 with file, line, path and fix', async () => {
    const file = join(dir.dir, 'bad.yaml')
    await writeFile(file, 'store: { kind: memory }\nconnectors:\n  segmnet: { writeKey: x }\n')
    const r = start(file)
    expect(r.status).toBe(1)
    expect(r.stderr).toBe(
      `bubblehouse-hooks start: ${file} has a problem:\n` +
        `  ${file}:3:3: connectors.segmnet is not a built-in connector (built-ins: ${BUILTIN_IDS.join(', ')})\n` +
        '    write instead: segment:   (did you mean "segment"?)\n',
    )
  })

  it('no secret without --dev exits 1, whatever NODE_ENV says', async () => {
    const file = join(dir.dir, 'prod.yaml')
    await writeFile(file, 'store: { kind: memory }\nconnectors:\n  log: {}\n')
    const r = start(file, { NODE_ENV: 'development' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain(
      'auth.keys has no secret; only `start --dev` generates a development secret',
    )
    expect(r.stdout).not.toContain('listening')
  })
})
