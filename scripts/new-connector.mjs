#!/usr/bin/env node
import { spawnSync } from 'node:child_process'
// pnpm new:connector <vendor>: generate packages/<vendor> from templates/connector.
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/
const RESERVED = new Set(['core', 'host', 'store-sqlite', 'store-redis', 'log', 'testing'])

function fail(message) {
  console.error(`new:connector: ${message}`)
  process.exit(1)
}

const args = process.argv.slice(2).filter((a) => a !== '--')
const id = args.find((a) => !a.startsWith('--'))
const dirArg = args.find((a) => a.startsWith('--root='))
const repo = dirArg ? resolve(dirArg.slice('--root='.length)) : root
if (!id) fail('usage: pnpm new:connector <vendor>   e.g. pnpm new:connector braze')
if (!ID.test(id) || id.length > 40) {
  fail(
    `"${id}" is not a valid connector id: use lower case letters, digits and single dashes, starting with a letter (e.g. "braze", "customer-io")`,
  )
}
if (RESERVED.has(id)) fail(`"${id}" is reserved`)
const target = join(repo, 'packages', id)
if (existsSync(target)) fail(`packages/${id} already exists`)

/**
 * The peer range on core, published as ^<core version>: in 0.x a minor release of core may break a
 * connector, and changesets bumps connectors whose range a core release leaves. Before core's
 * first release (0.0.0, released as 0.1.0) the floor is 0.1.0: ^0.0.0 would make that first
 * release look like it leaves the range.
 */
function corePeerRange() {
  const { version } = JSON.parse(
    readFileSync(join(repo, 'packages', 'core', 'package.json'), 'utf8'),
  )
  return `workspace:^${version === '0.0.0' ? '0.1.0' : version}`
}

const words = id.split('-')
const cap = (w) => w[0].toUpperCase() + w.slice(1)
const tokens = {
  __ID__: id,
  __TITLE__: words.map(cap).join(' '),
  __CONST__: words.map(cap).join(''),
  __CAMEL__: words[0] + words.slice(1).map(cap).join(''),
  __PREFIX__: words.join('_').toUpperCase(),
  __ENV__: `${words.join('_').toUpperCase()}_`,
  __CORE_PEER__: corePeerRange(),
}
const fill = (text) =>
  text.replace(/__(ID|TITLE|CONST|CAMEL|PREFIX|ENV|CORE_PEER)__/g, (t) => tokens[t])

cpSync(join(root, 'templates', 'connector'), target, { recursive: true })
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      walk(path)
      continue
    }
    writeFileSync(path, fill(readFileSync(path, 'utf8')))
    if (name.endsWith('.tmpl')) renameSync(path, path.slice(0, -'.tmpl'.length))
  }
}
walk(target)
// Names of different lengths wrap differently: let the formatter settle the generated code.
spawnSync(join(repo, 'node_modules', '.bin', 'biome'), ['check', '--write', target], {
  stdio: 'ignore',
})
writeFileSync(
  join(repo, '.changeset', `${id}-initial.md`),
  `---\n"@bubblehouse-hooks/${id}": minor\n---\n\nNew ${tokens.__TITLE__} connector.\n`,
)

console.log(`Created packages/${id} (@bubblehouse-hooks/${id}).

Next:
  pnpm install                                   # link the new package
  cd packages/${id} && npx vitest run            # its tests and the conformance suite pass as generated
  then replace src/plan.ts, src/rules.ts and the fixtures with the real ${tokens.__TITLE__} API,
  and read CONTRIBUTING.md.`)
