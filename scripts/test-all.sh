#!/usr/bin/env bash
# The whole test suite: type-check, production build checked for test hooks, unit tests (Vitest), end-to-end tests
# (Playwright, headless Chromium, against its own test build in dist-e2e/ served by the StatRead server, and the
# deployment specs again behind nginx).
# Same command locally (`npm test`) and in CI (`.ci/run`).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=node-env.sh
source scripts/node-env.sh   # Node >= 24 first on PATH for everything below (fetched once when the machine has an older one)
bash scripts/setup.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-orthanc.sh   # Debian's Orthanc + DICOMweb plugin for the PACS e2e specs (playwright.config.ts starts and stops it)
bash scripts/ensure-dcmtk.sh     # DCMTK (dcmcjpeg/dcmdjpeg): 12-bit JPEG codec fixtures and their reference decoder
bash scripts/ensure-nginx.sh     # nginx: the deployment of docs/deploy.md, tested by the "nginx" Playwright project
echo "== type-check"; npx tsc -b
echo "== lint (ESLint + import direction, Prettier, file names)"; npm run lint
echo "== production build has no test hooks"; bash scripts/check-dist-hooks.sh   # npm run build into dist/, then searched
echo "== unit tests"; npx vitest run
echo "== end-to-end tests"; npx playwright test
