/**
 * Config errors that name the file, the line, the path, what is wrong and what to write instead.
 * Values are never echoed: a wrong value may be a secret.
 * @module
 */
import { BubblehouseHooksError } from '@bubblehouse-hooks/core'

/** One problem in a config file. */
export interface ConfigIssue {
  /** e.g. `connectors.klaviyo.apiKey` or `auth.keys[0].secret`; empty for the file itself. */
  readonly path: string
  /** What is wrong, e.g. `is missing`. */
  readonly message: string
  /** What to write instead. */
  readonly hint?: string | undefined
  /** 1-based position in the file, when known. */
  readonly line?: number | undefined
  readonly col?: number | undefined
}

/** A config path as written in messages: `auth.keys[0].secret`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? String(segment) : `.${String(segment)}`
  }
  return out
}

/** The segments of a path written by {@link formatPath}: `auth.keys[0]` → `['auth', 'keys', 0]`. */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) out.push(Number(match[2]))
    else if (match[1] !== undefined) out.push(match[1])
  }
  return out
}

/** The human report of a list of issues. */
export function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? 'a problem' : `${issues.length} problems`
  const lines = [`${file} has ${count}:`]
  for (const issue of issues) {
    const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.col ?? 1}` : file
    const subject = issue.path === '' ? '' : `${issue.path} `
    lines.push(`  ${where}: ${subject}${issue.message}`)
    if (issue.hint) lines.push(`    write instead: ${issue.hint}`)
  }
  return lines.join('\n')
}

/**
 * A config file that cannot be used. `issues` lists every problem found in one pass; `message`
 * is the report printed by the CLI.
 */
export class ConfigFileError extends BubblehouseHooksError {
  readonly file: string
  readonly issues: readonly ConfigIssue[]

  constructor(file: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super('ERR_CONFIG_INVALID', formatIssues(file, issues), options)
    this.file = file
    this.issues = issues
  }
}
