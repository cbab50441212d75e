#!/usr/bin/env bash
# Run the workspace's test suite on another Node line (22, 24, ...) while the install stays on the
# Node it was made with (20).
#
#   scripts/test-node.sh 22                      # newest cached 22.x, else the newest from npm
#   scripts/test-node.sh 24.22.3                 # exactly this build
#   scripts/test-node.sh 24 packages/core apps/host   # only these workspace packages
#   BH_NODE_REFRESH=1 scripts/test-node.sh 22    # ask npm for the newest 22.x even if one is cached
#   BH_TEST_NODE_JOBS=1 scripts/test-node.sh 24  # one package at a time, output streamed (default: 2)
#
# What it does:
# 1. Fetches the official Node build that npm publishes as `node-<os>-<arch>` (bin/node plus
#    include/node headers) into .cache/node/<version>/, only when that folder is missing. The npm
#    client checks the tarball's integrity against the registry.
# 2. Rebuilds every node-gyp addon of the install (today: better-sqlite3, whose ABI differs per Node
#    major) for that Node into .cache/node/<version>/native/<pkg@version>/. node_modules is never
#    written. Each test command then sees the rebuilt `.node` file in place of the installed one:
#    bind-mounted in a private mount namespace (root on Linux: CI), else redirected by a
#    NODE_OPTIONS preload (BH_TEST_NODE_REDIRECT=mount|hook picks one). Only the binary changes, so
#    the tests run the installed JavaScript.
# 3. Runs `vitest run` in every workspace package (pnpm-workspace.yaml) with a test script, the set
#    `pnpm test` runs (or in the folders named), with that node first on PATH (vitest's workers and
#    anything a test spawns use it). Each package's log and JSON report go to
#    .cache/node/<version>/results/ (the packages' own test-results.json stay the install Node's),
#    and one line per package is printed.
# `scripts/test-node.sh 20` (the install's major) runs the same way on the install Node.
#
# Exits non-zero when a package fails, has no tests, writes no report, or an addon cannot be rebuilt.
# Skipped tests are counted and printed; they do not fail the run.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
started=$(date +%s%N)

say() { printf '::: %s\n' "$*"; }
die() {
  printf '\n!!! %s\n\n' "$*" >&2
  exit 1
}
# Seconds (one decimal) since the `date +%s%N` timestamp $1.
since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
banner() {
  local line
  printf '\n%s\n' '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' >&2
  for line in "$@"; do printf '!!! %s\n' "$line" >&2; done
  printf '%s\n\n' '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' >&2
}

[ $# -ge 1 ] || die "usage: scripts/test-node.sh <major|x.y.z> [workspace package dir...]"
want=$1
shift
[[ $want =~ ^v?[0-9]+(\.[0-9]+\.[0-9]+)?$ ]] || die "not a Node major or version: $want"
want=${want#v}
major=${want%%.*}

vitest_entry=$root/node_modules/vitest/vitest.mjs
[ -f "$vitest_entry" ] || die "node_modules/vitest is missing: run pnpm install (on the install Node) first"
command -v node >/dev/null || die "no node on PATH (the install Node)"
install_node=$(command -v node)
install_version=$(node -p 'process.versions.node')
install_abi=$(node -p 'process.versions.modules')
cache=$root/.cache/node
mkdir -p "$cache"

# ---------------------------------------------------------------------------------------------
# 1. The Node build
# ---------------------------------------------------------------------------------------------
newest_cached() {
  local dir best=''
  for dir in "$cache/$1".*/; do
    [ -x "${dir}bin/node" ] || continue
    best=$(printf '%s\n%s\n' "$best" "$(basename "$dir")" | sed '/^$/d' | sort -V | tail -n1)
  done
  printf '%s' "$best"
}

fetch_node() {
  # $1: an exact version or a major. Prints the version it installed into $cache/<version>.
  local spec=$1 tmp version pkg
  pkg="node-$(node -p 'process.platform')-$(node -p 'process.arch')"
  tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" RETURN
  say "fetching $pkg@$spec from the npm registry" >&2
  (cd "$tmp" && npm pack "$pkg@$spec" --json --silent >pack.json) ||
    die "npm pack $pkg@$spec failed (is the npm registry reachable?)"
  version=$(node -p "require('$tmp/pack.json')[0].version")
  mkdir "$tmp/x"
  tar xzf "$tmp/$pkg-$version.tgz" -C "$tmp/x"
  [ "$("$tmp/x/package/bin/node" -p 'process.versions.node')" = "$version" ] ||
    die "$pkg-$version.tgz does not hold a working node $version for this machine"
  # A concurrent run may have won the race; its folder is just as complete.
  mv -T "$tmp/x/package" "$cache/$version" 2>/dev/null || [ -x "$cache/$version/bin/node" ]
  printf '%s' "$version"
}

fetch_started=$(date +%s%N)
if [ "$want" = "$install_version" ] || { [ "$want" = "$major" ] && [ "$major" = "${install_version%%.*}" ]; }; then
  node_bin=$install_node
  version=$install_version
  node_home=$(dirname "$(dirname "$(readlink -f "$install_node")")")
else
  if [ "$want" != "$major" ]; then
    version=$want
  elif [ -z "${BH_NODE_REFRESH:-}" ]; then
    version=$(newest_cached "$major")
  else
    version=''
  fi
  if [ -z "$version" ] || [ ! -x "$cache/$version/bin/node" ]; then
    version=$(fetch_node "${version:-$major}")
  fi
  node_home=$cache/$version
  node_bin=$node_home/bin/node
fi
fetch_seconds=$(since "$fetch_started")
[ "$("$node_bin" -p 'process.versions.node')" = "$version" ] ||
  die "$node_bin is not Node $version: delete ${node_home#"$root"/} and run again"
abi=$("$node_bin" -p 'process.versions.modules')
say "install Node v$install_version (ABI $install_abi, $install_node); tests run on Node v$version (ABI $abi, $node_bin)"

results=$cache/$version/results
[ "$node_bin" != "$install_node" ] || results=$cache/install-$version/results
rm -rf "$results"
mkdir -p "$results"
support=$(dirname "$results")/support
mkdir -p "$support"

# ---------------------------------------------------------------------------------------------
# 2. Native addons, rebuilt for this Node's ABI outside node_modules
# ---------------------------------------------------------------------------------------------
native_failed=()
native_notes=()
pairs=()     # installed addon file, its rebuilt file, the next installed file, ...
runner=(env) # what every test command (and the end-to-end check) is started through
native_started=$(date +%s%N)

node_gyp() {
  local npm_home
  npm_home=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  [ -f "$npm_home/node_modules/node-gyp/bin/node-gyp.js" ] || return 1
  printf '%s' "$npm_home/node_modules/node-gyp/bin/node-gyp.js"
}

build_addon() {
  # $1: the installed package dir (real path), $2: the destination dir. Logs to $2.log.
  local src=$1 dest=$2 gyp tmp entry
  gyp=$(node_gyp) || {
    echo "npm's bundled node-gyp was not found next to $(command -v npm)"
    return 1
  }
  [ -f "$node_home/include/node/node.h" ] || {
    echo "$node_home has no include/node headers, node-gyp cannot build without them"
    return 1
  }
  tmp=$dest.tmp.$$
  rm -rf "$tmp"
  mkdir -p "$tmp"
  for entry in "$src"/* "$src"/.[!.]*; do
    [ -e "$entry" ] || continue
    case $(basename "$entry") in build | node_modules) continue ;; esac
    cp -R "$entry" "$tmp/"
  done
  # The install built for the install Node (.pnpmfile.cjs); this build takes this Node's headers.
  (cd "$tmp" && PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" \
    "$node_bin" "$gyp" configure --release --nodedir="$node_home") ||
    return 1
  local make_args=(-C "$tmp/build" BUILDTYPE=Release "-j$(nproc)")
  # better-sqlite3 links SQLite from a static archive compiled from plain C (sqlite3.c includes no
  # Node or V8 header, and its object was checked byte-identical when built for Node 20 and 22).
  # Reusing the install's archive skips about 75 s of compiling per Node version; the C++ binding,
  # which does depend on the ABI, is always compiled here.
  if [ -f "$src/build/Release/obj.target/deps/sqlite3.a" ] && [ -f "$src/build/Release/sqlite3.a" ]; then
    mkdir -p "$tmp/build/Release/obj.target/deps"
    cp "$src/build/Release/obj.target/deps/sqlite3.a" "$tmp/build/Release/obj.target/deps/sqlite3.a"
    cp "$src/build/Release/sqlite3.a" "$tmp/build/Release/sqlite3.a"
    make_args+=(-o Release/obj.target/deps/sqlite3.a -o Release/sqlite3.a)
    echo "reusing the install's sqlite3.a (plain C, ABI-independent)"
  fi
  PATH="$node_home/bin:$PATH" make "${make_args[@]}" || return 1
  rm -rf "$dest"
  mv -T "$tmp" "$dest"
}

if [ "$abi" != "$install_abi" ]; then
  mapfile -t addons < <(find "$root/node_modules/.pnpm" -mindepth 3 -maxdepth 5 -name binding.gyp \
    -not -path "$root/node_modules/.pnpm/node_modules/*" -printf '%h\n' 2>/dev/null | sort)
  for dir in "${addons[@]}"; do
    real=$(readlink -f "$dir")
    # The Node addons among the built files: the ones the install Node loads. Others are not Node
    # addons (better-sqlite3's test_extension.node is a SQLite extension for its own tests).
    built=()
    while IFS= read -r file; do
      node -e 'process.dlopen({ exports: {} }, process.argv[1])' "$file" 2>/dev/null && built+=("$file")
    done < <(find "$real/build/Release" -maxdepth 1 -name '*.node' 2>/dev/null | sort)
    [ ${#built[@]} -gt 0 ] || continue # declared a binding.gyp but built no addon at install
    name=$(node -p "const p = require('$real/package.json'); p.name + '@' + p.version")
    dest=$cache/$version/native/$name
    if [ -f "$dest/.ok" ]; then
      native_notes+=("$name: rebuilt for ABI $abi earlier (cached in ${dest#"$root"/})")
    else
      say "rebuilding $name for Node v$version (ABI $abi) into ${dest#"$root"/}"
      mkdir -p "$(dirname "$dest")"
      one=$(date +%s%N)
      if build_addon "$real" "$dest" >"$dest.log" 2>&1; then
        native_notes+=("$name: rebuilt for ABI $abi in $(since "$one") s ($(grep -q 'reusing the install' "$dest.log" && echo 'reused the install sqlite3.a' || echo 'full compile'))")
      else
        tail -n 30 "$dest.log" >&2 || true
        native_failed+=("$name: rebuild for Node v$version failed, see ${dest#"$root"/}.log")
        continue
      fi
    fi
    ok=1
    for file in "${built[@]}"; do
      target=$dest/build/Release/$(basename "$file")
      if ! "$node_bin" -e "process.dlopen({ exports: {} }, process.argv[1])" "$target" 2>>"$dest.log"; then
        native_failed+=("$name: $(basename "$file") rebuilt but does not load on Node v$version, see ${dest#"$root"/}.log")
        ok=0
        continue
      fi
      pairs+=("$file" "$target")
    done
    [ "$ok" = 1 ] && touch "$dest/.ok"
  done

  # How the tests get the rebuilt addons while node_modules stays untouched for everyone else:
  # - mount (root on Linux): each test command runs in a private mount namespace in which the
  #   rebuilt file is bind-mounted over the installed one. Every process of that test sees it,
  #   including children started with a scrubbed environment (apps/host starts its CLI that way).
  # - hook (otherwise): NODE_OPTIONS=--import a preload whose module.registerHooks (Node 22.15+)
  #   resolves the installed file to the rebuilt one. A child started without NODE_OPTIONS misses
  #   it and fails loudly with ERR_DLOPEN_FAILED.
  mode=${BH_TEST_NODE_REDIRECT:-}
  if [ -z "$mode" ]; then
    if [ "$(id -u)" = 0 ] && unshare --mount --propagation private true 2>/dev/null; then
      mode=mount
    else
      mode=hook
    fi
  fi
  if [ ${#pairs[@]} -eq 0 ]; then
    :
  elif [ "$mode" = mount ]; then
    # shellcheck disable=SC2016 # expanded by the inner sh
    runner=(unshare --mount --propagation private sh -c
      'while [ "$1" != -- ]; do mount --bind "$2" "$1" || exit 97; shift 2; done; shift; exec "$@"'
      sh "${pairs[@]}" --)
    native_notes+=("rebuilt addons are bind-mounted over the installed ones, in a private mount namespace per test command")
  elif [ "$mode" = hook ]; then
    "$node_bin" -e 'process.exit(typeof require("node:module").registerHooks === "function" ? 0 : 1)' ||
      die "Node v$version has no module.registerHooks (22.15+) and no mount namespace is available: the rebuilt addons cannot reach the tests"
    redirects=$(node -e 'const { pathToFileURL: u } = require("node:url"); const a = process.argv.slice(1); const m = {}; for (let i = 0; i < a.length; i += 2) m[u(a[i]).href] = u(a[i + 1]).href; console.log(JSON.stringify(m))' "${pairs[@]}")
    cat >"$support/native-redirect.mjs" <<EOF
// Generated by scripts/test-node.sh for Node v$version (ABI $abi). Do not edit.
import * as nodeModule from 'node:module'
const redirects = new Map(Object.entries($redirects))
// Any other Node a test may start (e.g. /usr/bin/node) keeps its own addons.
if (process.versions.modules === '$abi') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context)
      const to = redirects.get(resolved.url)
      return to === undefined ? resolved : { ...resolved, url: to }
    },
  })
}
EOF
    runner=(env "NODE_OPTIONS=--import=$(node -p 'require("node:url").pathToFileURL(process.argv[1]).href' "$support/native-redirect.mjs")${NODE_OPTIONS:+ $NODE_OPTIONS}")
    native_notes+=("rebuilt addons are redirected by a NODE_OPTIONS preload (no mount namespace here)")
    banner "Node v$version: the rebuilt addons reach the tests through NODE_OPTIONS only. A test that" \
      "starts node without NODE_OPTIONS in its environment loads the install's addon and FAILS."
  else
    die "BH_TEST_NODE_REDIRECT must be mount or hook, not $mode"
  fi

  # End to end: the installed better-sqlite3, loaded the way the store loads it, on this Node.
  for dir in "${addons[@]}"; do
    real=$(readlink -f "$dir")
    [ "$(basename "$real")" = better-sqlite3 ] || continue
    # In a mount namespace, with an emptied environment, as apps/host starts its CLI.
    clean=(env)
    [ "$mode" = mount ] && clean=(env -i "PATH=$PATH")
    if out=$("${runner[@]}" "${clean[@]}" "$node_bin" -e "const D = require('$real'); const db = new D(':memory:'); db.pragma('journal_mode = WAL'); console.log(db.prepare('select sqlite_version() as v').get().v)" 2>&1); then
      native_notes+=("better-sqlite3 on Node v$version: loads the rebuilt addon, SQLite $out")
    else
      native_failed+=("better-sqlite3 does not open a database on Node v$version: $(grep -m1 -E '^[A-Za-z]*Error' <<<"$out" || printf '%s' "${out##*$'\n'}")")
    fi
  done
else
  native_notes+=("ABI $abi is the install's, the installed addons are used as they are")
fi
native_seconds=$(since "$native_started")

if [ ${#native_failed[@]} -gt 0 ]; then
  dependents=$(cd "$root" && find . -maxdepth 3 -name package.json -not -path '*/node_modules/*' \
    -exec grep -l '"better-sqlite3"' {} + | sed 's#^\./##; s#/\{0,1\}package\.json$##' | sort |
    paste -sd, - | sed 's/,/, /g')
  banner "NATIVE ADDONS NOT AVAILABLE ON NODE v$version (ABI $abi):" "${native_failed[@]}" \
    "Tests that open a SQLite database FAIL with ERR_DLOPEN_FAILED (better-sqlite3 users: ${dependents:-none}," \
    "and whatever uses store-sqlite). This run will exit non-zero."
fi

# ---------------------------------------------------------------------------------------------
# 3. The tests, per workspace package
# ---------------------------------------------------------------------------------------------
cat >"$support/json-reporter.mjs" <<'EOF'
// Generated by scripts/test-node.sh: vitest's JSON reporter writing where the script says, so the
// packages' own test-results.json (the install Node's run, read by scripts/test-summary.mjs) stays.
import { JsonReporter } from 'vitest/node'
export default class extends JsonReporter {
  constructor() {
    super({ outputFile: process.env.BH_TEST_NODE_REPORT })
  }
}
EOF

# By default the packages `pnpm test` (turbo run test) tests: the workspace's, with a test script.
packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  shopt -s nullglob globstar
  excluded=()
  while IFS= read -r glob; do
    [ -n "$glob" ] || continue
    if [ "${glob#!}" != "$glob" ]; then
      # shellcheck disable=SC2206 # the glob is meant to expand
      excluded+=(${glob#!})
      continue
    fi
    # shellcheck disable=SC2206
    for dir in ${glob%/}/; do
      dir=${dir%/}
      [ -f "$dir/package.json" ] || continue
      node -e 'process.exit(require(process.argv[1]).scripts?.test ? 0 : 1)' "$root/$dir/package.json" &&
        packages+=("$dir")
    done
  done < <(awk '/^packages:/ { f = 1; next } f && /^[^ \t-]/ { f = 0 }
    f && /^[ \t]*-/ { sub(/^[ \t]*-[ \t]*/, ""); gsub(/["\047]/, ""); sub(/[ \t]*#.*/, ""); print }' pnpm-workspace.yaml)
  for dir in "${excluded[@]}"; do
    for i in "${!packages[@]}"; do [ "${packages[$i]}" != "${dir%/}" ] || unset 'packages[i]'; done
  done
  packages=("${packages[@]}")
  shopt -u nullglob globstar
fi
[ ${#packages[@]} -gt 0 ] || die "no workspace package with a test script"

# One package: vitest on this Node, its output in <slug>.log, exit code and seconds beside it.
run_package() {
  local pkg=$1 slug=$2 one rc
  one=$(date +%s%N)
  set +e
  (cd "$root/$pkg" && PATH="$(dirname "$node_bin"):$PATH" BH_TEST_NODE_REPORT="$results/$slug.json" \
    "${runner[@]}" "$node_bin" "$vitest_entry" run --reporter=default --reporter="$support/json-reporter.mjs")
  rc=$?
  set -e
  echo "$rc" >"$results/$slug.rc"
  since "$one" >"$results/$slug.seconds"
}

# Two packages at a time by default (turbo runs them in parallel too); each log prints when its
# package ends. BH_TEST_NODE_JOBS=1 runs one at a time and streams the output.
jobs=${BH_TEST_NODE_JOBS:-2}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "BH_TEST_NODE_JOBS must be a positive number, not $jobs"
tests_started=$(date +%s%N)
for pkg in "${packages[@]}"; do
  pkg=${pkg%/}
  [ -f "$root/$pkg/package.json" ] || die "$pkg is not a workspace package"
  slug=${pkg//\//-}
  if [ "$jobs" -eq 1 ]; then
    say "Node v$version: $pkg"
    run_package "$pkg" "$slug" 2>&1 | tee "$results/$slug.log"
  else
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    say "Node v$version: $pkg (started, log when it ends)"
    (
      run_package "$pkg" "$slug" >"$results/$slug.log" 2>&1
      {
        flock 9
        say "Node v$version: $pkg (exit $(cat "$results/$slug.rc"))"
        cat "$results/$slug.log"
      } 9>"$results/.print.lock"
    ) &
  fi
done
wait

rows=()
failed_packages=0
sum_passed=0
sum_failed=0
sum_skipped=0
for pkg in "${packages[@]}"; do
  pkg=${pkg%/}
  slug=${pkg//\//-}
  report=$results/$slug.json
  log=$results/$slug.log
  rc=$(cat "$results/$slug.rc" 2>/dev/null || echo '?')
  seconds=$(cat "$results/$slug.seconds" 2>/dev/null || echo '?')
  if [ -f "$report" ]; then
    read -r passed failed skipped < <(node -p "const r = require('$report'); [r.numPassedTests, r.numFailedTests, r.numPendingTests + (r.numTodoTests ?? 0)].join(' ')")
  else
    passed=0 failed=0 skipped=0
  fi
  sum_passed=$((sum_passed + passed))
  sum_failed=$((sum_failed + failed))
  sum_skipped=$((sum_skipped + skipped))
  status=PASS
  note=''
  if [ ! -f "$report" ]; then
    status=FAIL note="no test report (vitest exit $rc), see ${log#"$root"/}"
  elif [ "$rc" != 0 ] || [ "$failed" -gt 0 ]; then
    status=FAIL note="vitest exit $rc, see ${log#"$root"/}"
  elif [ "$passed" -eq 0 ]; then
    status=FAIL note="no test passed"
  fi
  [ "$skipped" -gt 0 ] && note="$note${note:+; }$skipped SKIPPED"
  [ "$status" = FAIL ] && failed_packages=$((failed_packages + 1))
  rows+=("$(printf '%-4s  %-22s %4s passed %4s failed %4s skipped %7s s  %s' "$status" "$pkg" "$passed" "$failed" "$skipped" "$seconds" "$note")")
done
tests_seconds=$(since "$tests_started")

printf '\n=== Node v%s (ABI %s) — install on Node v%s (ABI %s) ===\n' "$version" "$abi" "$install_version" "$install_abi"
for line in "${native_notes[@]}"; do printf 'native: %s\n' "$line"; done
for line in "${native_failed[@]}"; do printf 'native: FAILED %s\n' "$line"; done
printf '%s\n' "${rows[@]}"
printf 'packages: %d run, %d failed; tests: %d passed, %d failed, %d skipped\n' \
  "${#packages[@]}" "$failed_packages" "$sum_passed" "$sum_failed" "$sum_skipped"
printf 'time: %s s total (node fetch %s s, native addons %s s, tests %s s with %s job(s)); reports in %s\n' \
  "$(since "$started")" "$fetch_seconds" "$native_seconds" "$tests_seconds" "$jobs" "${results#"$root"/}"

if [ "$failed_packages" -gt 0 ] || [ ${#native_failed[@]} -gt 0 ]; then
  banner "Node v$version: FAILED ($failed_packages package(s) failed, ${#native_failed[@]} native addon problem(s))"
  exit 1
fi
printf '::: Node v%s: all %d packages passed\n' "$version" "${#packages[@]}"
