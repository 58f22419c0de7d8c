#!/usr/bin/env bash
# The whole test suite: type-check, unit tests (Vitest), end-to-end tests (Playwright, headless Chromium).
# Same command locally (`npm test`) and in CI (`.ci/run`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-orthanc.sh   # Debian's Orthanc + DICOMweb plugin for the PACS e2e specs (playwright.config.ts starts and stops it)
echo "== type-check"; npx tsc -b
echo "== unit tests"; npx vitest run
echo "== end-to-end tests"; npx playwright test
