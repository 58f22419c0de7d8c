#!/usr/bin/env bash
# Installs npm dependencies exactly as locked, only when package-lock.json changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=node-env.sh
source scripts/node-env.sh
stamp=node_modules/.statread-lock.sha1
want=$(sha1sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "statread: npm ci ..."
npm ci --no-audit --no-fund
echo "$want" > "$stamp"
