#!/usr/bin/env bash
# Makes sure DCMTK's dcmcjpeg/dcmdjpeg are installed: the codec tests encode a real chest film as 12-bit JPEG with
# dcmcjpeg and use dcmdjpeg (IJG) as the independent reference decoder (test-support/crFixtures.ts). Installs
# Debian's dcmtk with apt-get when missing and root; otherwise prints the one command to run. In CI (CI set) a
# missing DCMTK is an error; elsewhere a warning (those tests then skip with the reason).
set -euo pipefail
if command -v dcmcjpeg >/dev/null 2>&1 && command -v dcmdjpeg >/dev/null 2>&1; then
  echo "== dcmtk: $(dcmcjpeg --version 2>/dev/null | grep -m1 -o 'v[0-9.]*' || echo present)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== dcmtk: installing dcmtk with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends dcmtk; then
    apt-get update
    apt-get install -y --no-install-recommends dcmtk
  fi
  command -v dcmcjpeg >/dev/null 2>&1 && exit 0
fi
msg="DCMTK is not installed: run 'sudo apt-get install -y dcmtk' (the 12-bit JPEG codec tests need dcmcjpeg and dcmdjpeg)"
if [ -n "${CI:-}" ]; then
  echo "ERROR: $msg" >&2
  exit 1
fi
echo "WARNING: $msg; those tests will be skipped." >&2
