// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config files write ${VAR} references, not templates
/**
 * A value that came from the environment (or a `${file:PATH}`) is fixed there, not in the config:
 * issues at such a path name the variable or file (`PORT=abc` → `listen.port ... comes from
 * ${PORT}`). The value itself is never echoed: it may be a secret.
 * @module
 */
import type { ConfigIssue } from './errors'

/**
 * `issues`, those at a path in `variables` naming its variables.
 * @example
 * withVariableNames(issues, new Map([['listen.port', ['PORT']]]))
 */
export function withVariableNames(
  issues: readonly ConfigIssue[],
  variables: ReadonlyMap<string, readonly string[]>,
): ConfigIssue[] {
  return issues.map((issue) => {
    const names = variables.get(issue.path)
    if (!names) return issue
    const refs = names.map((name) => `\${${name}}`).join(', ')
    const files = names.filter((name) => name.startsWith('file:')).map((name) => name.slice(5))
    const vars = names.filter((name) => !name.startsWith('file:'))
    const where = [
      ...(vars.length > 0 ? [`${vars.join(', ')} in the environment`] : []),
      ...(files.length > 0 ? [`the file ${files.join(', ')}`] : []),
    ].join(' or ')
    return {
      ...issue,
      message: `${issue.message} (the value comes from ${refs})`,
      hint: `fix ${where}, or ${issue.hint ?? 'change the file'}`,
    }
  })
}
