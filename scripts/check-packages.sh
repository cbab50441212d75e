#!/usr/bin/env bash
# Packaging checks: every publishable package (packages/* and apps/host, private ones skipped) is
# packed with `pnpm pack`, exactly as `changeset publish` would pack it, and the tarball must pass
#   - the manifest check: pnpm applied publishConfig (no repo-only `source` export condition, no
#     `workspace:` range, no `publishConfig.exports` left over) and every export / bin target is
#     in the tarball;
#   - publint, strict: errors and warnings fail, unless allowed below with the reason;
#   - @arethetypeswrong/cli with `--profile esm-only` (the packages are ESM only, by design).
# Run after `pnpm build`: it does not build, and says so when a dist file is missing.
# Prints one line per package; exits 1 if any package fails.
# Usage: scripts/check-packages.sh [package dir …]   (default: packages/* apps/host)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="$root/node_modules/.bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# publint messages allowed despite --strict, as "<package name> <message code>", each with its why.
# (None today. Example: "@bubblehouse-hooks/host USE_FILES" because …)
ALLOWED_PUBLINT=()

# The manifest check and publint, in one Node process per tarball. Prints problems, one a line.
check_tarball() {
  ALLOWED="$(printf '%s\n' "${ALLOWED_PUBLINT[@]+"${ALLOWED_PUBLINT[@]}"}")" \
    node --input-type=module - "$1" "$2" <<'NODE'
import { readFile } from 'node:fs/promises'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const [tarballPath, filesJson] = process.argv.slice(2)
const tarball = await readFile(tarballPath)
const packed = JSON.parse(await readFile(filesJson, 'utf8'))
const files = new Set(packed.files.map((f) => f.path))
const { messages, pkg } = await publint({
  pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
  level: 'warning',
  strict: true,
})
const allowed = new Set((process.env.ALLOWED ?? '').split('\n').filter(Boolean))
const problems = []

// pnpm must have applied publishConfig: `source` points at src/, which is not published.
const targets = []
const walk = (value, path) => {
  if (typeof value === 'string') targets.push([path, value])
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'source') problems.push(`${path}: the repo-only "source" condition was published`)
      else walk(inner, `${path}["${key}"]`)
    }
  }
}
walk(pkg.exports, 'exports')
if (pkg.publishConfig?.exports) problems.push('publishConfig.exports was not applied by pack')
const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {})
for (const [name, target] of Object.entries(bins)) targets.push([`bin.${name}`, target])
for (const [where, target] of targets) {
  if (!target.includes('*') && !files.has(target.replace(/^\.\//, ''))) {
    problems.push(`${where} → ${target} is not in the tarball`)
  }
}
for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
  for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
    if (String(range).startsWith('workspace:')) problems.push(`${field}.${dep} is still ${range}`)
  }
}

for (const message of messages) {
  if (allowed.has(`${pkg.name} ${message.code}`)) continue
  problems.push(`publint ${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false })}`)
}
for (const line of problems) console.log(line)
process.exit(problems.length > 0 ? 1 : 0)
NODE
}

if [ "$#" -eq 0 ]; then set -- packages/*/ apps/host/; fi
failed=0
total_started=$SECONDS
for dir in "$@"; do
  [ -f "$dir/package.json" ] || continue
  dir="$(cd "$dir" && pwd)"
  started=$SECONDS
  read -r name private < <(node -p "const p = require('$dir/package.json'); p.name + ' ' + (p.private === true)")
  if [ "$private" = true ]; then
    printf 'skip  %-34s private\n' "$name"
    continue
  fi

  # Files the published manifest points at must exist before packing; otherwise pack would just
  # leave them out and the checks below would report a broken package instead of a missing build.
  missing="$(node -p "
    const fs = require('node:fs')
    const p = require('$dir/package.json')
    const targets = []
    const walk = (v, key) => key === 'source' ? null : typeof v === 'string' ? targets.push(v)
      : v && typeof v === 'object' ? Object.entries(v).forEach(([k, x]) => walk(x, k)) : null
    walk(p.publishConfig?.exports ?? p.exports)
    walk(p.publishConfig?.bin ?? p.bin)
    targets.filter((t) => !t.includes('*') && !fs.existsSync('$dir/' + t)).join(' ')
  ")"
  if [ -n "$missing" ]; then
    printf 'FAIL  %-34s not built: %s missing (run pnpm build first)\n' "$name" "$missing"
    failed=1
    continue
  fi

  out="$(mktemp -d "$work/pack.XXXX")"
  (cd "$dir" && pnpm pack --pack-destination "$out" --json >"$out/pack.json")
  tarball="$(node -p "require('$out/pack.json').filename")"
  count="$(node -p "require('$out/pack.json').files.length")"
  size="$(du -k "$tarball" | cut -f1)"

  problems=""
  if ! manifest="$(check_tarball "$tarball" "$out/pack.json" 2>&1)"; then
    problems="$manifest"
  fi
  if ! attw="$("$bin/attw" "$tarball" --profile esm-only --format ascii --no-emoji --no-color 2>&1)"; then
    problems="${problems:+$problems
}attw: $(printf '%s\n' "$attw" | grep -v '^\s*$' | head -20)"
  fi

  if [ -n "$problems" ]; then
    printf 'FAIL  %-34s %s files, %s kB, %ss\n' "$name" "$count" "$size" "$((SECONDS - started))"
    printf '%s\n' "$problems" | sed 's/^/      /'
    failed=1
  else
    printf 'ok    %-34s %s files, %s kB, publint + attw clean, %ss\n' \
      "$name" "$count" "$size" "$((SECONDS - started))"
  fi
done

echo "packages:check done in $((SECONDS - total_started)) s"
exit "$failed"
