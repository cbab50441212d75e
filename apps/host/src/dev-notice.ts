/** What a development host prints when it generated its own hook secret. @module */
import { relative } from 'node:path'
import type { HookKeys } from './secrets'

/** The notice, or undefined when the secret came from the config. Never holds the secret, unless it could not be saved. */
export function developmentNotice(keys: HookKeys): string | undefined {
  const dev = keys.development
  if (!dev) return undefined
  const shown = dev.file === undefined ? undefined : relative(process.cwd(), dev.file)
  const file = shown === undefined || shown.startsWith('..') ? dev.file : shown
  const lines = [
    '',
    'No hook secret is configured (auth.keys), so this development host uses a generated one.',
  ]
  if (file) {
    lines.push(
      `  It is kept in ${file} (${dev.created ? 'created now' : 'reused'}); \`bubblehouse-hooks send\` reads it from there:`,
      '    bubblehouse-hooks send --sample points-earned     (in the repository: pnpm bh send …)',
      '  Other senders: sign an HS256 JWT with it (base64), e.g.',
      `    export BH_HOOK_SECRET="$(cat ${file})"`,
    )
  } else {
    lines.push(`  It could not be saved; for this run it is: ${dev.secret}`)
  }
  lines.push('  With NODE_ENV=production a missing secret stops the start instead.', '')
  return lines.join('\n')
}
