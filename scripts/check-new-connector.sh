#!/usr/bin/env bash
# Proves `pnpm new:connector` output passes lint, typecheck and its tests as generated, in a
# throwaway copy of the repo (the real tree and lockfile stay untouched).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [ -e "$f" ] || continue
  mkdir -p "$work/$(dirname "$f")" && cp -p "$f" "$work/$f"
done
cd "$work"
git init -q && git add -A >/dev/null 2>&1 || true
pnpm install --offline --frozen-lockfile --reporter=silent
node scripts/new-connector.mjs acme-crm
if node scripts/new-connector.mjs acme-crm >/dev/null 2>&1; then echo "an existing name was accepted" >&2; exit 1; fi
if node scripts/new-connector.mjs 'Bad_Name' >/dev/null 2>&1; then echo "a malformed name was accepted" >&2; exit 1; fi
pnpm install --offline --no-frozen-lockfile --reporter=silent
npx biome check packages/acme-crm
(cd packages/acme-crm && npx tsc -p tsconfig.json && npx vitest run --update --reporter=dot)
echo "new:connector: the generated package passes lint, typecheck and tests"
