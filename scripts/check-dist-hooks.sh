#!/usr/bin/env bash
# Fails if the production build carries test-only code: the window.__statread* hooks and the scoring worker's
# fault injection exist only in test builds (STATREAD_TEST_HOOKS=1; src/testing/installTestHooks.ts).
#   bash scripts/check-dist-hooks.sh                    build as `npm run build` does (tsc -b && vite build) into dist/, check it
#   bash scripts/check-dist-hooks.sh --out-dir DIR      the same, building into DIR (leaves dist/ alone)
#   bash scripts/check-dist-hooks.sh --no-build [DIR]   only check an existing build (default dist/)
# Every text file of the build is searched (index.html, app and worker chunks, sw.js, JSON), not only JS.
set -euo pipefail
cd "$(dirname "$0")/.."

PATTERN='__statread|injectFault|injected worker crash'
build=1
dir=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift; if [ $# -gt 0 ]; then dir="$1"; shift; fi ;;
    --out-dir) [ $# -ge 2 ] || { echo "check-dist-hooks: --out-dir needs a folder" >&2; exit 2; }; dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "check-dist-hooks: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  # `npm run build` itself, with the flag cleared so that an exported STATREAD_TEST_HOOKS cannot change what is built.
  if [ "$dir" = dist ]; then
    env -u STATREAD_TEST_HOOKS npm run build
  else
    env -u STATREAD_TEST_HOOKS npm run build -- --outDir "$dir" --emptyOutDir
  fi
fi

# A missing or empty folder must not pass as "no hooks found".
if [ ! -f "$dir/index.html" ] || [ -z "$(find "$dir" -name '*.js' -print -quit)" ]; then
  echo "check-dist-hooks: $dir/ holds no build (index.html and JS chunks expected)" >&2
  exit 2
fi

mapfile -t hits < <(grep -rlIE "$PATTERN" "$dir" | sort)
if [ "${#hits[@]}" -gt 0 ]; then
  echo "check-dist-hooks: FAIL: ${#hits[@]} file(s) of the production build $dir/ contain test-only code ($PATTERN)." >&2
  echo "Put it behind 'if (__STATREAD_TEST_HOOKS__)' or load it from src/testing/installTestHooks.ts." >&2
  for f in "${hits[@]}"; do
    echo "  $f:" >&2
    # Each match with a little of the minified code around it, so the source is easy to find (at most 5 per file).
    grep -oE ".{0,50}($PATTERN).{0,50}" "$f" | head -n 5 | sed 's/^/      /' >&2
  done
  exit 1
fi
files=$(find "$dir" -type f | wc -l)
echo "check-dist-hooks: OK: none of the $files files of $dir/ contains $PATTERN"
