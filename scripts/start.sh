#!/usr/bin/env bash
# `npm start [-- OPTIONS]`: Node >= 24 (scripts/node-env.sh), npm dependencies as locked (scripts/setup.sh), then the
# StatRead server (server/cli.ts), which builds dist/ when it is missing or stale and serves it on 127.0.0.1:5173.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=node-env.sh
source scripts/node-env.sh
bash scripts/setup.sh
exec node --import tsx server/cli.ts "$@"
