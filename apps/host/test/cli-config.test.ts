// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * The README's commands work as written: `pnpm bh check`, `pnpm bh dry-run --event ...` and
 * `pnpm bh provision` run from the repo root find the config `pnpm start` uses, and dry-run needs
 * no hook secret and no vendor credentials.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli } from './cli-run'
import { newSecret, tempDir } from './helpers'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const EXAMPLE = join(REPO, 'examples', 'bubblehouse-hooks.yaml')

/** The example config with every vendor block uncommented (their ${VAR}s unset). */
const ALL_VENDORS = [
  'store: { kind: sqlite, path: ./data/hooks.db }',
  'auth:',
  '  keys:',
  '    - { kid: main, secret: "${BH_HOOK_SECRET}" }',
  'connectors:',
  '  log: { to: stdout }',
  '  klaviyo:',
  '    apiKey: "${KLAVIYO_API_KEY}"',
  '  mailchimp:',
  '    apiKey: "${MAILCHIMP_API_KEY}"',
  '    listId: "${MAILCHIMP_LIST_ID}"',
  '  hubspot:',
  '    accessToken: "${HUBSPOT_ACCESS_TOKEN}"',
  '  segment:',
  '    writeKey: "${SEGMENT_WRITE_KEY}"',
  '',
].join('\n')

describe('the config the commands find', () => {
  let dir: { dir: string; cleanup(): Promise<void> }
  beforeEach(async () => {
    dir = await tempDir()
  })
  afterEach(() => dir.cleanup())

  it('the repo root: `pnpm bh check` uses examples/bubblehouse-hooks.yaml, like `pnpm start`', async () => {
    await mkdir(join(dir.dir, 'examples'))
    await copyFile(EXAMPLE, join(dir.dir, 'examples', 'bubblehouse-hooks.yaml'))
    const r = await cli(['check'], { cwd: dir.dir, env: { BH_HOOK_SECRET: newSecret() } })
    expect(r.err).toBe('')
    expect(r.out).toMatch(/^config\s+ok\s+examples\/bubblehouse-hooks\.yaml \(1 connector\(s\)\)$/m)
    expect(r.out).toMatch(/^log\s+ok\s+OK\s+writes one JSON line per event to stdout$/m)
    expect(r.code).toBe(0)
  })

  it('./bubblehouse-hooks.yaml comes first, then BH_CONFIG and --config override it', async () => {
    await mkdir(join(dir.dir, 'examples'))
    await copyFile(EXAMPLE, join(dir.dir, 'examples', 'bubblehouse-hooks.yaml'))
    await writeFile(join(dir.dir, 'bubblehouse-hooks.yaml'), 'store: { kind: memory }\n')
    await writeFile(join(dir.dir, 'other.yaml'), 'store: { kind: memory }\n')
    const configRow = async (args: string[], env: Record<string, string> = {}) =>
      (await cli(['check', ...args], { cwd: dir.dir, env })).out.match(/^config\s+ok\s+(\S+)/m)?.[1]
    expect(await configRow([])).toBe('bubblehouse-hooks.yaml')
    expect(await configRow([], { BH_CONFIG: 'other.yaml' })).toBe('other.yaml')
    expect(await configRow(['--config', 'other.yaml'], { BH_CONFIG: 'nope.yaml' })).toBe(
      'other.yaml',
    )
  })

  it('no config anywhere: names ./bubblehouse-hooks.yaml and how to get one', async () => {
    const r = await cli(['provision'], { cwd: dir.dir })
    expect(r.code).toBe(1)
    expect(r.err).toBe(
      'bubblehouse-hooks provision: bubblehouse-hooks.yaml has a problem:\n' +
        '  bubblehouse-hooks.yaml: does not exist\n' +
        '    write instead: pass --config FILE, or run bubblehouse-hooks init to write a starter ./bubblehouse-hooks.yaml\n',
    )
  })

  it('`pnpm bh provision` from the repo root: the log connector has nothing to provision', async () => {
    await mkdir(join(dir.dir, 'examples'))
    await copyFile(EXAMPLE, join(dir.dir, 'examples', 'bubblehouse-hooks.yaml'))
    const r = await cli(['provision'], { cwd: dir.dir })
    expect(r).toEqual({ code: 0, out: 'log   -        nothing to provision\n', err: '' })
  })
})

describe('dry-run needs no secret and no credentials', () => {
  it('`pnpm bh dry-run --event examples/events/tier-reached.json` as the README writes it', async () => {
    const r = await cli(['dry-run', '--event', 'examples/events/tier-reached.json'], { cwd: REPO })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^dry run of file examples\/events\/tier-reached\.json \(bhid [\w-]+, "Tier Reached"\) with examples\/bubblehouse-hooks\.yaml; nothing is sent\n/,
    )
    expect(r.out).toContain('log: 1 request(s)')
  })

  it('every vendor block with its ${VAR}s unset: a plan from each, placeholders named', async () => {
    const dir = await tempDir()
    try {
      await writeFile(join(dir.dir, 'bubblehouse-hooks.yaml'), ALL_VENDORS)
      const r = await cli(['dry-run', '--sample', 'tier-reached', '--json'], { cwd: dir.dir })
      expect(r.err).toBe(
        'unset, so placeholders: ${BH_HOOK_SECRET}, ${KLAVIYO_API_KEY}, ${MAILCHIMP_API_KEY}, ${MAILCHIMP_LIST_ID}, ${HUBSPOT_ACCESS_TOKEN}, ${SEGMENT_WRITE_KEY}\n',
      )
      expect(r.code).toBe(0)
      const plans = JSON.parse(r.out).plans
      expect(Object.keys(plans)).toEqual(['log', 'klaviyo', 'mailchimp', 'hubspot', 'segment'])
      for (const id of Object.keys(plans)) expect(plans[id].kind, id).toBe('send')
      // The list id placeholder shows where the real one goes (URL-encoded in the path).
      expect(plans.mailchimp.requests[0].path).toMatch(/^\/lists\/%24%7BMAILCHIMP_LIST_ID%7D\//)
      // The sample key Mailchimp's schema offers stands in for the unset key, masked like a secret.
      expect(r.out).not.toContain('0123456789abcdef0123456789abcdef-us6')
      // The text output shows the placeholder as the config writes it.
      const text = await cli(['dry-run', '--sample', 'tier-reached', '--connector', 'mailchimp'], {
        cwd: dir.dir,
      })
      expect(text.out).toMatch(/^ {2}PUT \/lists\/\$\{MAILCHIMP_LIST_ID\}\/members\/\w+\?/m)
    } finally {
      await dir.cleanup()
    }
  })

  it('check and provision still refuse an unset ${VAR}', async () => {
    const dir = await tempDir()
    try {
      await writeFile(join(dir.dir, 'bubblehouse-hooks.yaml'), ALL_VENDORS)
      const r = await cli(['check'], { cwd: dir.dir })
      expect(r.code).toBe(1)
      expect(r.err).toContain('uses ${BH_HOOK_SECRET}, which is not set (or empty)')
    } finally {
      await dir.cleanup()
    }
  })

  it('a refused placeholder takes the default; with no default, names the variable', async () => {
    const dir = await tempDir()
    try {
      const file = join(dir.dir, 'bubblehouse-hooks.yaml')
      const block = 'store: { kind: memory }\nconnectors:\n  segment:\n    writeKey: wk\n'
      await writeFile(file, `${block}    timeoutMs: "\${SEGMENT_TIMEOUT}"\n`)
      const ok = await cli(['dry-run', '--json'], { cwd: dir.dir })
      expect(ok.err).toBe('unset, so placeholders: ${SEGMENT_TIMEOUT}\n')
      expect(ok.code).toBe(0)
      await writeFile(file, `${block}    baseUrl: "\${SEGMENT_PROXY}"\n`)
      const refused = await cli(['dry-run'], { cwd: dir.dir })
      expect(refused.code).toBe(1)
      expect(refused.err).toContain(
        'bubblehouse-hooks.yaml:5:14: connectors.segment.baseUrl is a placeholder for the unset ${SEGMENT_PROXY}, which this option refuses\n' +
          '    write instead: export SEGMENT_PROXY=... (dry-run sends nothing, but this option needs a value of its format)\n',
      )
    } finally {
      await dir.cleanup()
    }
  })
})
