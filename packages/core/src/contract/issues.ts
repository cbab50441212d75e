/** Turn a zod error into short `path: message` lines for logs. @module */
import type { z } from 'zod'

/**
 * One line per issue, `path: message`; `(root)` for the body itself. Values are never included,
 * so the lines are safe to log.
 * @example
 * formatIssues(schema.safeParse(body).error!) // ['customer.email: Invalid input: expected string, received number']
 */
export function formatIssues(error: z.ZodError, max = 10): string[] {
  return error.issues.slice(0, max).map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(root)'
    return `${path}: ${issue.message}`
  })
}
