#!/usr/bin/env bash
# The host's CLI from the installed package, as an operator runs it: the binary npm links into
# node_modules/.bin (run directly, as a supervisor should: npx would not pass SIGTERM on).
# --help, init, check, start + send + SIGTERM on a memory store, and start on a SQLite store whose
# native binding was not built (the consumer denies better-sqlite3's build) naming that binding.
# Run from the consumer folder; prints one line per step, exits 1 at the first failure.
set -euo pipefail
bin=node_modules/.bin/bubblehouse-hooks
export BH_HOOK_SECRET
BH_HOOK_SECRET="$(node -p "require('node:crypto').randomBytes(32).toString('base64')")"
fail() { echo "FAIL  cli: $1"; [ -f "${2:-/dev/null}" ] && sed 's/^/      /' "$2" | tail -20; exit 1; }
ok() { echo "ok    cli: $1"; }

"$bin" --help >help.txt 2>&1 || fail '--help exited non-zero' help.txt
grep -q '^Usage: bubblehouse-hooks <command>' help.txt || fail '--help printed no usage' help.txt
ok '--help'

"$bin" init >init.txt 2>&1 || fail 'init exited non-zero' init.txt
[ -s bubblehouse-hooks.yaml ] || fail 'init wrote no bubblehouse-hooks.yaml' init.txt
"$bin" init >init-again.txt 2>&1 && fail 'init overwrote an existing config' init-again.txt
ok 'init writes ./bubblehouse-hooks.yaml, and refuses to overwrite it'

# The starter config as written, only the store swapped: memory (no native module needed here).
sed 's/^  kind: sqlite$/  kind: memory/; /^  path: /d' bubblehouse-hooks.yaml >memory.yaml
"$bin" check --config memory.yaml >check.txt 2>&1 || fail 'check failed on the starter config' check.txt
ok 'check on the starter config'

free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })"
}
port="$(free_port)"
export METRICS_PORT
METRICS_PORT="$(free_port)"
"$bin" start --config memory.yaml --port "$port" >start.txt 2>&1 &
server=$!
deadline=$((SECONDS + 60))
until [ "$SECONDS" -ge "$deadline" ]; do
  node -e "fetch('http://127.0.0.1:$port/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" && break
  kill -0 "$server" 2>/dev/null || fail 'start exited before it was ready' start.txt
  sleep 0.2
done
"$bin" send --url "http://127.0.0.1:$port/hooks" --sample points-earned >send.txt 2>&1 ||
  { kill "$server"; fail 'send was not answered ok' send.txt; }
ok "start on port $port; send: $(grep -m1 "^←" send.txt)"
kill -TERM "$server"
code=0
wait "$server" || code=$?
[ "$code" -eq 0 ] || fail "start exited $code on SIGTERM" start.txt
grep -q '"bhid"' start.txt || fail 'the log connector wrote no event' start.txt
ok 'SIGTERM to the binary: graceful exit 0'

"$bin" start --config bubblehouse-hooks.yaml --port "$port" >sqlite.txt 2>&1 &&
  fail 'start on SQLite succeeded without the native binding' sqlite.txt
grep -q "needs better-sqlite3's native binding" sqlite.txt || fail 'start on SQLite did not name the binding' sqlite.txt
ok 'start on SQLite without its native binding names it and the fix'
