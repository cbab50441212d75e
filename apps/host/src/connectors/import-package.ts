/**
 * Import a third-party connector named by `use:`: a path (relative to the config file), a file
 * URL, or an npm package. A package is looked up from the host's own install first, then in the
 * config file's folder (`<config folder>/node_modules`), so `npx @bubblehouse-hooks/host` finds
 * connectors installed next to the config. Never from the working directory or any parent
 * folder: a `node_modules` that someone else can write above the deployment (a shared /tmp, a
 * home folder) would otherwise run their code in the host.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { codeOf, isRecord } from '../guards'

/** Why a `use:` module could not be imported. */
export class ConnectorImportError extends Error {
  readonly reason: 'not_found' | 'failed'

  constructor(reason: 'not_found' | 'failed', message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ConnectorImportError'
    this.reason = reason
  }
}

function packageName(spec: string): { name: string; subpath: string } {
  const parts = spec.split('/')
  const count = spec.startsWith('@') ? 2 : 1
  return { name: parts.slice(0, count).join('/'), subpath: parts.slice(count).join('/') }
}

const CONDITIONS = ['import', 'node', 'default', 'module'] as const

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) return pickTarget(target[0])
  if (!isRecord(target)) return undefined
  for (const condition of CONDITIONS) {
    const picked = Object.hasOwn(target, condition) ? pickTarget(target[condition]) : undefined
    if (picked) return picked
  }
  return undefined
}

/** The entry file of `subpath` in a package.json (exports, then module / main). */
function entryOf(pkg: Record<string, unknown>, subpath: string): string | undefined {
  const key = subpath === '' ? '.' : `./${subpath}`
  const exportsField = pkg.exports
  if (exportsField !== undefined && exportsField !== null) {
    if (isRecord(exportsField) && Object.keys(exportsField).some((k) => k.startsWith('.'))) {
      return pickTarget(exportsField[key])
    }
    return key === '.' ? pickTarget(exportsField) : undefined
  }
  if (subpath !== '') return subpath
  const main = typeof pkg.module === 'string' ? pkg.module : pkg.main
  return typeof main === 'string' ? main : 'index.js'
}

/** The entry file of package `spec` in `dir/node_modules`, without looking in parent folders. */
async function findInNodeModules(spec: string, dir: string): Promise<string | undefined> {
  const { name, subpath } = packageName(spec)
  const root = join(resolve(dir), 'node_modules', name)
  try {
    const pkg: unknown = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
    const entry = isRecord(pkg) ? entryOf(pkg, subpath) : undefined
    return entry ? join(root, entry) : undefined
  } catch {
    return undefined
  }
}

/**
 * Import the module `spec` names.
 * @example
 * await importConnectorModule('@acme/bubblehouse-hooks-crm', '/etc/bubblehouse-hooks')
 */
export async function importConnectorModule(spec: string, configDir: string): Promise<unknown> {
  const isPath = spec.startsWith('.') || isAbsolute(spec)
  const target = isPath ? pathToFileURL(resolve(configDir, spec)).href : spec
  try {
    return await import(target)
  } catch (err) {
    const code = codeOf(err)
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_LOAD_URL'
    if (!missing || isPath || spec.startsWith('file:')) {
      throw new ConnectorImportError(missing ? 'not_found' : 'failed', code ?? 'import failed', {
        cause: err,
      })
    }
  }
  const found = await findInNodeModules(spec, configDir)
  if (!found) throw new ConnectorImportError('not_found', 'ERR_MODULE_NOT_FOUND')
  try {
    return await import(pathToFileURL(found).href)
  } catch (err) {
    throw new ConnectorImportError('failed', codeOf(err) ?? 'import failed', { cause: err })
  }
}
