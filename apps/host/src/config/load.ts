// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * Read the YAML config: parse, interpolate `${VAR}` from the environment and `${file:PATH}` from
 * files (relative to the config file's folder), validate the host schema. Every problem is reported at once, with file, line, path and a hint.
 * @module
 */
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml'
import { z } from 'zod'
import { codeOf } from '../guards'
import { safeParseCoercing } from './coerce'
import { firstDuplicateKey } from './duplicate-keys'
import { ConfigFileError, type ConfigIssue, formatPath } from './errors'
import { issuesFromZod, type JsonSchema, type Locate } from './hints'
import { interpolate, type SecretFileReader } from './interpolate'
import { placeholdersFor, withPlaceholderHints } from './placeholders'
import { type HostConfig, HostConfigSchema } from './schema'
import { withVariableNames } from './variables'

/** A config file read and validated (connector blocks still raw). */
export interface LoadedConfig {
  /** The file as the operator named it (for messages). */
  readonly file: string
  /** Its folder, absolute: `use: ./x.js` is relative to it. */
  readonly dir: string
  readonly config: HostConfig
  /** Where a config path sits in the file. */
  readonly locate: Locate
  /** Paths (as `formatPath` writes them) whose value came from `${VAR}`. */
  readonly interpolated: ReadonlySet<string>
  /** With `placeholders: true`: paths holding an unset `${VAR}` → the variable names. */
  readonly placeholders: ReadonlyMap<string, readonly string[]>
  /** Paths whose value came from `${VAR}` → the variable names (for messages). */
  readonly variables: ReadonlyMap<string, readonly string[]>
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Variables for `${VAR}`; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Resolves a relative `file`; default `process.cwd()`. */
  readonly cwd?: string
  /** Keep an unset `${VAR}` as a placeholder instead of refusing the file (`dry-run`). */
  readonly placeholders?: boolean
}

/** Why a config file cannot be read, by error code, and what to do. */
const READ_PROBLEMS: Readonly<Record<string, { message: string; hint: string }>> = {
  ENOENT: {
    message: 'does not exist',
    hint: 'pass --config FILE, or run bubblehouse-hooks init to write a starter ./bubblehouse-hooks.yaml',
  },
  EACCES: {
    message: 'cannot be read: permission denied (EACCES)',
    hint: 'make it readable by the user the host runs as (chmod 640 and chown, or run as its owner)',
  },
  EPERM: {
    message: 'cannot be read: operation not permitted (EPERM)',
    hint: 'make it readable by the user the host runs as',
  },
  EISDIR: {
    message: 'is a folder, not a file',
    hint: 'pass --config FOLDER/bubblehouse-hooks.yaml',
  },
}

let hostJsonSchema: JsonSchema | undefined

/** The JSON Schema of the host part of the config (input side: defaults are optional). */
export function hostConfigJsonSchema(): JsonSchema {
  hostJsonSchema ??= z.toJSONSchema(HostConfigSchema, { io: 'input', unrepresentable: 'any' })
  return hostJsonSchema
}

/**
 * Load and validate a config file. Throws a {@link ConfigFileError} listing every problem.
 * @example
 * const { config } = await loadConfig('bubblehouse-hooks.yaml')
 */
export async function loadConfig(
  file: string,
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const absolute = resolve(options.cwd ?? process.cwd(), file)
  let text: string
  try {
    text = await readFile(absolute, 'utf8')
  } catch (err) {
    const code = codeOf(err)
    const known = (code !== undefined && READ_PROBLEMS[code]) || undefined
    throw new ConfigFileError(file, [
      {
        path: '',
        ...(known ?? {
          message: `cannot be read (${code ?? 'error'})`,
          hint: 'check the path and that the file is readable',
        }),
      },
    ])
  }
  return parseConfig(text, file, { ...options, dir: dirname(absolute) })
}

/** {@link loadConfig} for text already in memory; `file` only names it in messages. */
export function parseConfig(
  text: string,
  file: string,
  options: LoadConfigOptions & { dir?: string } = {},
): LoadedConfig {
  const env = options.env ?? process.env
  const lineCounter = new LineCounter()
  // Duplicate keys are found below, in one pass (yaml's own check is quadratic per map).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: true })
  const yamlError = doc.errors[0]
  if (yamlError) {
    // Later YAML errors mostly follow from the first one: report that one only.
    const line = yamlError.linePos?.[0].line
    const source = line === undefined ? '' : (text.split('\n')[line - 1] ?? '')
    throw new ConfigFileError(file, [
      {
        path: '',
        message: `is not valid YAML: ${yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        hint: /[{[].*\$\{/.test(source)
          ? 'inside { } or [ ], quote ${...} references: { port: "${PORT:-8787}" }'
          : 'check indentation (spaces, not tabs) and that every [ { " has its closing pair',
        line,
        col: yamlError.linePos?.[0].col,
      },
    ])
  }
  const duplicate = firstDuplicateKey(doc)
  if (duplicate) {
    const at = duplicate.offset === undefined ? undefined : lineCounter.linePos(duplicate.offset)
    throw new ConfigFileError(file, [
      {
        path: '',
        message: `is not valid YAML: Map keys must be unique ("${duplicate.key.slice(0, 64)}" is written twice)`,
        hint: 'write each key once in its mapping (merge the two blocks)',
        ...(at ? { line: at.line, col: at.col } : {}),
      },
    ])
  }
  const locate: Locate = (segments, which = 'value') => {
    if (segments.length === 0) return undefined
    let offset: number | undefined
    if (which === 'key') {
      const parent: unknown = doc.getIn(segments.slice(0, -1), true)
      const last = segments.at(-1)
      const pair = isMap(parent)
        ? parent.items.find((item) => isScalar(item.key) && item.key.value === last)
        : undefined
      offset = isNode(pair?.key) ? pair.key.range?.[0] : undefined
    }
    if (offset === undefined) {
      const node: unknown = doc.getIn(segments, true)
      offset = isNode(node) ? node.range?.[0] : undefined
    }
    if (offset === undefined) return undefined
    const { line, col } = lineCounter.linePos(offset)
    return { line, col }
  }

  const raw: unknown = doc.contents === null ? {} : doc.toJS({ maxAliasCount: 100 })
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigFileError(file, [
      {
        path: '',
        message: 'must be a YAML mapping of settings',
        hint: 'listen: { port: 8787 }  (bubblehouse-hooks init writes a starter config)',
        line: 1,
        col: 1,
      },
    ])
  }

  const issues: ConfigIssue[] = []
  const interpolatedPaths = new Set<string>()
  const placeholders = new Map<string, readonly string[]>()
  const variables = new Map<string, readonly string[]>()
  const dir = options.dir ?? process.cwd()
  const readSecretFile: SecretFileReader = (path) => {
    try {
      return { ok: true, text: readFileSync(resolve(dir, path), 'utf8') }
    } catch (err) {
      return { ok: false, code: codeOf(err) ?? 'error' }
    }
  }
  const interpolated = walk(raw, [], (text, path) => {
    if (!text.includes('$')) return text
    const result = interpolate(text, env, options.placeholders === true, readSecretFile)
    if (!result.ok) {
      issues.push({
        path: formatPath(path),
        message: result.message,
        hint: result.hint,
        ...locate(path),
      })
      return text
    }
    interpolatedPaths.add(formatPath(path))
    if (result.names.length > 0) variables.set(formatPath(path), result.names)
    if (result.unset.length > 0) placeholders.set(formatPath(path), result.unset)
    return result.value
  })
  if (issues.length > 0) throw new ConfigFileError(file, issues)

  const parsed = safeParseCoercing(
    HostConfigSchema,
    interpolated,
    interpolatedPaths,
    [],
    placeholdersFor(placeholders, hostConfigJsonSchema()),
  )
  if (!parsed.success) {
    throw new ConfigFileError(
      file,
      withPlaceholderHints(
        withVariableNames(
          issuesFromZod(parsed.error.issues, { schema: hostConfigJsonSchema(), locate }),
          variables,
        ),
        placeholders,
      ),
    )
  }
  return {
    file,
    dir,
    config: parsed.data,
    locate,
    interpolated: interpolatedPaths,
    placeholders,
    variables,
  }
}

type Leaf = (text: string, path: readonly (string | number)[]) => unknown

function walk(value: unknown, path: (string | number)[], leaf: Leaf): unknown {
  if (typeof value === 'string') return leaf(value, path)
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], leaf))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, {
        value: walk(item, [...path, key], leaf),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
    return out
  }
  return value
}
