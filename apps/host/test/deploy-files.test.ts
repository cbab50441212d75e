// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the Dockerfile writes ${NODE_VERSION}, not a template
/**
 * The deploy files, read as text (no Docker engine or nginx in CI): the Dockerfile's layer order
 * and Node versions, and nginx's limits against the host's own.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { hostConfigJsonSchema } from '../src/config/load'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const read = (path: string) => readFileSync(join(REPO, path), 'utf8')

/** Dockerfile instructions: continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/)
      return { op: op.toUpperCase(), args: rest.join(' ') }
    })
}

const DOCKERFILE = instructions(read('Dockerfile'))
const BUILD = DOCKERFILE.slice(
  DOCKERFILE.findIndex((i) => i.op === 'FROM'),
  DOCKERFILE.findLastIndex((i) => i.op === 'FROM'),
)
const indexOf = (match: (i: { op: string; args: string }) => boolean) => BUILD.findIndex(match)
const INSTALL = indexOf((i) => i.op === 'RUN' && /\bpnpm install\b/.test(i.args))
const SOURCES = indexOf((i) => i.op === 'COPY' && i.args === '. .')
const MANIFESTS = BUILD.filter((i, n) => i.op === 'COPY' && n < INSTALL)

/** The sources of a COPY (flags and the destination left out). */
const sourcesOf = (args: string) =>
  args
    .split(/\s+/)
    .filter((word) => !word.startsWith('--'))
    .slice(0, -1)

/** A COPY glob as a RegExp over repo paths (`*` stays within one folder). */
const globRegExp = (glob: string) =>
  new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+')}$`)

describe('Dockerfile', () => {
  it('builds on Node 24 by default, and takes any Node major package.json engines allows', () => {
    expect(DOCKERFILE[0]).toEqual({ op: 'ARG', args: 'NODE_VERSION=24' })
    const froms = DOCKERFILE.filter((i) => i.op === 'FROM').map((i) => i.args)
    expect(froms).toEqual([
      'node:${NODE_VERSION}-bookworm-slim AS build',
      'node:${NODE_VERSION}-bookworm-slim',
    ])
    const engines: string = JSON.parse(read('package.json')).engines.node
    // The header tells how to build on 20 and 22: true only while engines allows them.
    expect(engines).toMatch(/\^20\.\d+\.\d+/)
    expect(engines).toMatch(/\^22\.\d+\.\d+/)
    expect(engines).toMatch(/>=24\.0\.0/)
    expect(read('Dockerfile')).toContain('--build-arg NODE_VERSION=20')
  })

  it('copies the dependency manifests, installs, and only then copies the sources', () => {
    expect(INSTALL).toBeGreaterThan(0)
    expect(SOURCES).toBeGreaterThan(INSTALL)
    expect(MANIFESTS.length).toBeGreaterThan(0)
    const copied = MANIFESTS.flatMap((i) => sourcesOf(i.args))
    for (const source of copied) {
      expect(source).toMatch(
        /(^|\/)(package\.json|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.pnpmfile\.cjs|\.npmrc)$/,
      )
    }
    expect(copied).toEqual(
      expect.arrayContaining([
        'package.json',
        'pnpm-lock.yaml',
        'pnpm-workspace.yaml',
        '.pnpmfile.cjs',
      ]),
    )
    expect(MANIFESTS.every((i) => i.args.startsWith('--parents '))).toBe(true)
  })

  it('copies the manifest of every workspace package, and every file it names exists', () => {
    const copied = MANIFESTS.flatMap((i) => sourcesOf(i.args))
    const tracked = execFileSync('git', ['ls-files', '*package.json'], {
      cwd: REPO,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(
        (path) => path !== '' && !path.includes('node_modules') && !path.includes('/fixtures/'),
      )
    const workspace = read('pnpm-workspace.yaml')
      .split('\n')
      .map((line) => line.match(/^\s+-\s+(\S+)$/)?.[1])
      .filter((glob): glob is string => glob !== undefined)
      .map((glob) => globRegExp(`${glob}/package.json`))
    const manifests = tracked.filter((path) => workspace.some((re) => re.test(path)))
    expect(manifests).toContain('apps/host/package.json')
    for (const manifest of ['package.json', ...manifests]) {
      expect(
        copied.some((source) => globRegExp(source).test(manifest)),
        manifest,
      ).toBe(true)
    }
    for (const source of copied.filter((s) => !s.includes('*'))) {
      expect(existsSync(join(REPO, source)), source).toBe(true)
    }
  })

  it('installs offline-safe: frozen lockfile, node-gyp pointed at the image Node headers', () => {
    const env = BUILD.findIndex(
      (i) => i.op === 'ENV' && /\bnpm_config_nodedir=\/usr\/local\b/.test(i.args),
    )
    expect(env).toBeGreaterThan(-1)
    expect(env).toBeLessThan(INSTALL)
    expect(BUILD[INSTALL]?.args).toMatch(/--frozen-lockfile/)
  })

  it('keeps TLS keys of the compose example out of the build context and out of git', () => {
    expect(read('.dockerignore').split('\n')).toContain('examples/certs')
    expect(read('.gitignore').split('\n')).toContain('examples/certs/')
  })
})

describe('examples/nginx.conf', () => {
  const conf = read('examples/nginx.conf').replace(/#.*$/gm, '')
  const bytes = (size: string) => {
    const [, n = '0', unit = ''] = size.match(/^(\d+)([kmg]?)$/i) ?? []
    return Number(n) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit.toLowerCase()] ?? 0)
  }

  it("lets every body the host may accept through, so the host answers invalid_data, not nginx's 413", () => {
    const limits = [...conf.matchAll(/client_max_body_size\s+(\S+);/g)].map((m) => m[1]!)
    expect(limits.length).toBeGreaterThan(0)
    const hostMax = (hostConfigJsonSchema().properties as Record<string, { maximum: number }>)
      .bodyLimitBytes!.maximum
    for (const limit of limits) expect(bytes(limit)).toBeGreaterThan(hostMax)
  })

  it('serves TLS with HTTP/2, and waits longer than the host deadline but less than Bubblehouse', () => {
    expect(conf).toMatch(/listen\s+\d+\s+ssl;/)
    expect(conf).toMatch(/\bhttp2\s+on;/)
    expect(conf).toMatch(/ssl_certificate\s+\S+;/)
    expect(conf).toMatch(/ssl_certificate_key\s+\S+;/)
    const timeouts = [...conf.matchAll(/proxy_read_timeout\s+(\d+)s;/g)].map((m) => Number(m[1]))
    expect(timeouts.length).toBeGreaterThan(0)
    for (const seconds of timeouts) {
      expect(seconds * 1000).toBeGreaterThan(25_000)
      expect(seconds).toBeLessThan(30)
    }
  })
})
