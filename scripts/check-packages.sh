#!/usr/bin/env bash
# Packaging checks, from the tarballs `pnpm pack` makes, exactly as `changeset publish` packs them.
# 1. Each publishable package (packages/* and apps/host; private ones skipped), in parallel:
#    - the manifest check: pnpm applied publishConfig (no repo-only `source` export condition, no
#      `workspace:` range, no `publishConfig.exports` left over), every export / bin target is in
#      the tarball, and every export offers `default` (what require() and bundlers resolve);
#    - publint, strict: errors and warnings fail, unless allowed below with the reason;
#    - then @arethetypeswrong's check with `--profile esm-only`, all tarballs in one process
#      (scripts/attw-tarballs.mjs): attw models TypeScript's node16 CommonJS, which cannot
#      require() ESM; TypeScript 5.8+ with nodenext and Node 20.19+ can, which step 2 proves by
#      compiling and running a CommonJS consumer.
# 2. A consumer outside the workspace (scripts/consumer/): all tarballs installed with pnpm from
#    its store (--prefer-offline: the npm registry only for what the store lacks), then every entry
#    point of every package loaded with require() and with import(); the vitest-free testing kit
#    run; a TypeScript consumer compiled as CommonJS (TypeScript 5.8) and as ESM (5.7; and
#    bundler resolution) against the packed .d.ts files, then both builds run; the host's CLI
#    run from node_modules/.bin (--help, init, check, start, send, SIGTERM, and the SQLite store
#    without its native binding).
# Run after `pnpm build`: it does not build, and says so when a dist file is missing.
# Prints one line per package and per consumer step; exits 1 if anything fails.
# Usage: scripts/check-packages.sh [package dir …]   (default: packages/* apps/host, then the
# consumer; with package dirs, only step 1 for those)
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
// require() resolves `require`, `node` or `default`; offering only `import` throws
// ERR_PACKAGE_PATH_NOT_EXPORTED in a CommonJS consumer.
for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
  if (target && typeof target === 'object' && !('default' in target)) {
    problems.push(`exports["${subpath}"] has no "default" condition: require() cannot load it`)
  }
}
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

# Step 1 for one package dir: writes its report line(s) to $2/report and its tarball to $work/tgz;
# exits 1 when the package fails.
check_package() {
  local dir="$1" out="$2" started=$SECONDS name private missing tarball count size problems manifest
  read -r name private < <(node -p "const p = require('$dir/package.json'); p.name + ' ' + (p.private === true)")
  if [ "$private" = true ]; then
    printf 'skip  %-34s private\n' "$name" >"$out/report"
    return 0
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
    printf 'FAIL  %-34s not built: %s missing (run pnpm build first)\n' "$name" "$missing" >"$out/report"
    return 1
  fi

  (cd "$dir" && pnpm pack --pack-destination "$out" --json >"$out/pack.json")
  tarball="$(node -p "require('$out/pack.json').filename")"
  count="$(node -p "require('$out/pack.json').files.length")"
  size="$(du -k "$tarball" | cut -f1)"
  cp "$tarball" "$work/tgz/"

  problems=""
  if ! manifest="$(check_tarball "$tarball" "$out/pack.json" 2>&1)"; then
    problems="$manifest"
  fi

  if [ -n "$problems" ]; then
    {
      printf 'FAIL  %-34s %s files, %s kB, %ss\n' "$name" "$count" "$size" "$((SECONDS - started))"
      printf '%s\n' "$problems" | sed 's/^/      /'
    } >"$out/report"
    return 1
  fi
  printf 'ok    %-34s %s files, %s kB, manifest + publint clean, %ss\n' \
    "$name" "$count" "$size" "$((SECONDS - started))" >"$out/report"
}

# Step 2, in $work/consumer. Prints one line per step; returns 1 at the first failure.
check_consumer() {
  local consumer="$work/consumer" tsc="$bin/tsc" started ts_started step_failed=0 cjs esm bundler
  mkdir -p "$consumer"
  cp -R "$root/scripts/consumer/." "$consumer/"
  node "$consumer/setup.mjs" "$work/tgz" "$consumer"
  cd "$consumer"

  started=$SECONDS
  # No lockfile here (pnpm on CI defaults to --frozen-lockfile): the ranges resolve as for a user.
  if ! pnpm install --prefer-offline --no-frozen-lockfile >install.log 2>&1; then
    echo "FAIL  consumer install"
    sed 's/^/      /' install.log | tail -20
    return 1
  fi
  echo "ok    consumer install: $(find "$work/tgz" -name '*.tgz' | wc -l) tarballs, $((SECONDS - started))s"

  # CommonJS and ESM builds of one source (the nearest package.json sets each one's module kind),
  # each with the oldest TypeScript the READMEs name for it; bundler resolution with the
  # workspace's. Only the ESM nodenext build checks the packed .d.ts files (skipLibCheck false).
  # The compilers run in the background while the run-time steps below go on.
  ts_started=$SECONDS
  cp consumer.ts cjs/index.ts
  cp consumer.ts esm/index.ts
  node node_modules/typescript-cjs-min/bin/tsc -p cjs >tsc-cjs.log 2>&1 &
  cjs=$!
  node node_modules/typescript-esm-min/bin/tsc -p esm >tsc-esm.log 2>&1 &
  esm=$!
  "$tsc" -p esm/tsconfig.bundler.json >tsc-bundler.log 2>&1 &
  bundler=$!

  started=$SECONDS
  node entries.mjs require >require.log 2>&1 || step_failed=1
  node entries.mjs import >import.log 2>&1 || step_failed=1
  node fake-vendor.mjs >fake-vendor.log 2>&1 || step_failed=1
  if [ "$step_failed" -ne 0 ]; then
    grep -hv '^ok' require.log import.log fake-vendor.log | sed 's/^/      /'
    echo "FAIL  consumer require() / import() of every entry point"
    return 1
  fi
  echo "ok    consumer require() and import() of $(grep -c '^ok' require.log) entry points, fake vendor without vitest, $((SECONDS - started))s"

  started=$SECONDS
  bash cli.sh || return 1
  echo "ok    consumer CLI, $((SECONDS - started))s"

  for pid in "$cjs" "$esm" "$bundler"; do wait "$pid" || step_failed=1; done
  if [ "$step_failed" -ne 0 ]; then
    echo "FAIL  consumer TypeScript"
    cat tsc-cjs.log tsc-esm.log tsc-bundler.log | sed 's/^/      /' | head -30
    return 1
  fi
  for build in cjs esm; do
    if ! node "$build/out/index.js" >"run-$build.log" 2>&1; then
      echo "FAIL  consumer $build build run"
      sed 's/^/      /' "run-$build.log" | tail -20
      return 1
    fi
  done
  echo "ok    consumer TypeScript: CommonJS nodenext (5.8), ESM nodenext (5.7), bundler ($("$tsc" --version | cut -d' ' -f2)); both builds run, $((SECONDS - ts_started))s from install"
}

consumer=false
if [ "$#" -eq 0 ]; then
  set -- packages/*/ apps/host/
  consumer=true
fi
mkdir -p "$work/tgz"
# attw and publint are CPU-bound: a few packages at a time.
jobs_max="${PACKAGES_CHECK_JOBS:-4}"
total_started=$SECONDS
reports=()
pids=()
for dir in "$@"; do
  [ -f "$dir/package.json" ] || continue
  dir="$(cd "$dir" && pwd)"
  out="$(mktemp -d "$work/pack.XXXX")"
  reports+=("$out/report")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n || true; done
  check_package "$dir" "$out" &
  pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
cat "${reports[@]}"

# attw on every tarball, in one process (see scripts/attw-tarballs.mjs).
started=$SECONDS
tarballs=("$work"/tgz/*.tgz)
if [ -e "${tarballs[0]}" ]; then
  mkdir -p "$work/attw"
  if node "$root/scripts/attw-tarballs.mjs" "$work/attw" "${tarballs[@]}"; then
    echo "ok    attw --profile esm-only: ${#tarballs[@]} tarballs clean, $((SECONDS - started))s"
  else
    failed=1
    for report in "$work"/attw/*.attw; do
      echo "FAIL  attw $(basename "$report" .attw)"
      grep -v '^\s*$' "$report" | head -20 | sed 's/^/      /'
    done
  fi
fi
echo "packages: done in $((SECONDS - total_started)) s"

if [ "$consumer" = true ]; then
  if [ "$failed" -ne 0 ]; then
    echo "skip  consumer: a package failed above"
  else
    consumer_started=$SECONDS
    (check_consumer) || failed=1
    echo "consumer: done in $((SECONDS - consumer_started)) s"
  fi
fi
echo "packages:check done in $((SECONDS - total_started)) s"
exit "$failed"
