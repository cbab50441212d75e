#!/usr/bin/env node
// pnpm docs: write each connector README's options table from its zod schema (.describe() texts).
// `--check` fails when a committed table is out of date. Reads the built packages (dist).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
const check = process.argv.includes('--check')
const START = '<!-- options:start -->'
const END = '<!-- options:end -->'

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n/g, ' ')

function typeOf(schema) {
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ')
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ')
  if (schema.type === 'array') return `${typeOf(schema.items ?? {})}[]`
  if (schema.type === 'object' && schema.additionalProperties && !schema.properties) {
    return `map of ${typeOf(schema.additionalProperties)}`
  }
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``
  if (schema.format === 'uri') return 'URL'
  return schema.type ?? 'any'
}

function rows(schema, prefix, required) {
  const out = []
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name
    const isRequired = required.includes(name) && prop.default === undefined
    const dflt = prop.default === undefined ? '' : `\`${JSON.stringify(prop.default)}\``
    out.push(
      `| \`${path}\` | ${cell(typeOf(prop))} | ${isRequired ? 'yes' : ''} | ${cell(dflt)} | ${cell(prop.description ?? '')} |`,
    )
    if (prop.type === 'object' && prop.properties)
      out.push(...rows(prop, path, prop.required ?? []))
  }
  return out
}

async function table(pkgDir) {
  const require = createRequire(join(pkgDir, 'package.json'))
  const { z } = await import(pathToFileURL(require.resolve('zod')).href)
  const definition = (await import(pathToFileURL(join(pkgDir, 'dist', 'index.js')).href)).default
  // Only connector packages have a definition to document; other READMEs keep their own tables.
  if (!definition?.options) return undefined
  const schema = z.toJSONSchema(definition.options, { io: 'input', unrepresentable: 'any' })
  return [
    '| Option | Type | Required | Default | Description |',
    '| --- | --- | --- | --- | --- |',
    ...rows(schema, '', schema.required ?? []),
  ].join('\n')
}

let stale = 0
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir)
  const readme = join(pkgDir, 'README.md')
  if (!existsSync(readme)) continue
  const text = readFileSync(readme, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) continue
  if (!existsSync(join(pkgDir, 'dist', 'index.js'))) {
    console.error(`docs: packages/${dir} is not built; run pnpm build first`)
    process.exit(1)
  }
  const generated = await table(pkgDir)
  if (generated === undefined) continue
  const next = `${text.slice(0, start + START.length)}\n${generated}\n${text.slice(end)}`
  if (next === text) continue
  if (check) {
    console.error(`docs: packages/${dir}/README.md options table is out of date; run pnpm docs`)
    stale++
  } else {
    writeFileSync(readme, next)
    console.log(`docs: wrote packages/${dir}/README.md`)
  }
}
process.exit(stale > 0 ? 1 : 0)
