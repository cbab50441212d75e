// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * `${VAR}` and `${VAR:-default}` in config values, from the environment, and `${file:PATH}` from a
 * file (Docker and Kubernetes secrets; one trailing newline trimmed). Only values are
 * interpolated, after YAML parsing, so a secret holding `:` or `#` can never change the file's
 * structure. `$${` writes a literal `${`.
 * @module
 */

/** A reference that could not be resolved. */
export interface InterpolationProblem {
  /** The config path segments of the value. */
  readonly path: readonly (string | number)[]
  readonly message: string
  readonly hint: string
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const FILE_PREFIX = 'file:'

/**
 * Reads `${file:PATH}` (the caller resolves a relative PATH): the text, or the error code. The
 * text is never put in a message: it is a secret.
 */
export type SecretFileReader = (
  path: string,
) => { readonly ok: true; readonly text: string } | { readonly ok: false; readonly code: string }

/** The file's text without one trailing newline (`echo secret > file` writes one). */
export const trimTrailingNewline = (text: string): string => text.replace(/\r?\n$/, '')

/** The outcome of interpolating one string. */
export type Interpolated =
  | {
      readonly ok: true
      readonly value: string
      /** Variables left as `${NAME}` placeholders (only with `placeholders: true`). */
      readonly unset: readonly string[]
      /** Every variable the text references (`file:PATH` for a file). */
      readonly names: readonly string[]
    }
  | { readonly ok: false; readonly message: string; readonly hint: string }

/**
 * Replace every reference in `text`. With `placeholders`, an unset variable without a default
 * (or a file that cannot be read) stays as the text `${NAME}` instead of being a problem
 * (`dry-run` needs no credentials). Without `readFile`, `${file:...}` is refused.
 * @example
 * interpolate('${PORT:-8787}', {}) // { ok: true, value: '8787', unset: [], names: ['PORT'] }
 */
export function interpolate(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  placeholders = false,
  readFile?: SecretFileReader,
): Interpolated {
  let problem: { message: string; hint: string } | undefined
  const unset: string[] = []
  const names: string[] = []
  const value = text.replace(TOKEN, (match, inner: string | undefined) => {
    if (match === '$${') return '${'
    if (inner === undefined) {
      problem ??= {
        message: 'has a "${" without a closing "}"',
        hint: 'write ${NAME} or ${NAME:-default}, or $${ for a literal ${',
      }
      return match
    }
    if (inner.startsWith(FILE_PREFIX) && readFile) {
      const path = inner.slice(FILE_PREFIX.length)
      names.push(inner)
      const read = path === '' ? { ok: false as const, code: 'ENOENT' } : readFile(path)
      if (read.ok) return trimTrailingNewline(read.text)
      if (placeholders) {
        unset.push(inner)
        return match
      }
      problem ??= {
        message: `uses \${${inner}}, which cannot be read (${read.code})`,
        hint: `create ${path || 'the file'} readable by the user the host runs as (a relative path is relative to the config file's folder)`,
      }
      return match
    }
    const separator = inner.indexOf(':-')
    const name = separator === -1 ? inner : inner.slice(0, separator)
    if (!NAME.test(name)) {
      problem ??= {
        message: `has a reference \${${inner}} whose name is not an environment variable name`,
        hint: 'write ${NAME}, ${NAME:-default} or ${file:PATH}, where NAME is letters, digits and _ (not starting with a digit)',
      }
      return match
    }
    names.push(name)
    const given = env[name]
    if (given !== undefined && given !== '') return given
    if (separator !== -1) return inner.slice(separator + 2)
    if (placeholders) {
      unset.push(name)
      return `\${${name}}`
    }
    problem ??= {
      message: `uses \${${name}}, which is not set (or empty)`,
      hint: `export ${name}=... before starting, or write \${${name}:-default} to fall back to a default`,
    }
    return match
  })
  if (problem) return { ok: false, ...problem }
  return { ok: true, value, unset, names }
}
