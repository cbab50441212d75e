/** What a development host (`start --dev`) prints when it uses its generated hook secret. @module */
import { relative } from 'node:path'
import type { HookKeys } from './secrets'

/** The notice, or undefined when the secret came from the config. Never holds the secret. */
export function developmentNotice(keys: HookKeys): string | undefined {
  const dev = keys.development
  if (!dev) return undefined
  const shown = relative(process.cwd(), dev.file)
  const file = shown.startsWith('..') ? dev.file : shown
  return [
    '',
    'No hook secret is configured (auth.keys) and --dev was given, so this host uses a generated one.',
    `  It is kept in ${file} (${dev.created ? 'created now' : 'reused'}, owner-only); \`bubblehouse-hooks send\` reads it from there:`,
    '    bubblehouse-hooks send --sample points-earned     (in the repository: pnpm bh send …)',
    '  Other senders: sign an HS256 JWT with it (base64), e.g.',
    `    export BH_HOOK_SECRET="$(cat ${file})"`,
    '  Without --dev a missing secret stops the start.',
    '',
  ].join('\n')
}
