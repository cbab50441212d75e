// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * `dry-run` needs no credentials: an unset `${VAR}` stays the text `${VAR}`, and where an option
 * refuses that text (a URL, a key format), the option's own example or default stands in.
 * @module
 */
import type { Placeholders } from './coerce'
import type { ConfigIssue } from './errors'
import { type JsonSchema, schemaAt } from './hints'

/**
 * Placeholders at `paths`, sampled from the JSON Schema of the options they sit in.
 * @example
 * safeParseCoercing(schema, raw, interpolated, [], placeholdersFor(loaded.placeholders, jsonSchema))
 */
export function placeholdersFor(
  paths: ReadonlyMap<string, readonly string[]>,
  schema: JsonSchema,
): Placeholders | undefined {
  if (paths.size === 0) return undefined
  return {
    paths: new Set(paths.keys()),
    sample(segments) {
      const node = schemaAt(schema, segments)
      if (Array.isArray(node?.examples) && node.examples.length > 0) return node.examples[0]
      return node?.default
    },
  }
}

/** Issues at a placeholder that has no sample name the unset variable as the fix. */
export function withPlaceholderHints(
  issues: readonly ConfigIssue[],
  paths: ReadonlyMap<string, readonly string[]>,
): ConfigIssue[] {
  return issues.map((issue) => {
    const names = paths.get(issue.path)
    if (!names) return issue
    const refs = names.map((name) => `\${${name}}`).join(', ')
    return {
      ...issue,
      message: `is a placeholder for the unset ${refs}, which this option refuses`,
      hint: `export ${names[0]}=... (dry-run sends nothing, but this option needs a value of its format)`,
    }
  })
}
