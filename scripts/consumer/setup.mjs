// Writes the consumer's package.json and pnpm-workspace.yaml: every packed tarball as a dependency,
// and overrides so the packages' own dependencies on each other resolve to the tarballs too. (Until
// the first release pnpm warns of an unmet peer: the connectors want core ^0.1.0, the tarball is 0.0.0.)
// Usage: node setup.mjs <tarball dir> <consumer dir>
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const [tarballs, consumer] = process.argv.slice(2)
const packages = Object.fromEntries(
  readdirSync(tarballs)
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => [
      `@bubblehouse-hooks/${file.replace(/^bubblehouse-hooks-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`,
      `file:${join(tarballs, file)}`,
    ]),
)
const manifest = {
  name: 'bubblehouse-hooks-consumer',
  private: true,
  dependencies: {
    ...packages,
    // The oldest Node the packages support.
    '@types/node': '^20.19.0',
    // The oldest TypeScript each README names: 5.7 reads the types (Uint8Array<ArrayBuffer>),
    // 5.8 lets a CommonJS nodenext project import ESM (require() of ESM).
    'typescript-esm-min': 'npm:typescript@5.7.3',
    'typescript-cjs-min': 'npm:typescript@5.8.3',
  },
}
writeFileSync(join(consumer, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)

const yaml = [
  'overrides:',
  ...Object.entries(packages).map(([name, spec]) => `  "${name}": "${spec}"`),
  // Not built on purpose: requiring every entry must not need the native SQLite binding, and
  // `start` on a SQLite store must then name the missing binding (check-packages.sh asserts it).
  'allowBuilds:',
  '  better-sqlite3: false',
  '',
]
writeFileSync(join(consumer, 'pnpm-workspace.yaml'), yaml.join('\n'))
