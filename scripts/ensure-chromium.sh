#!/usr/bin/env bash
# Makes sure Debian's Chromium is at $CHROMIUM_PATH (default /usr/bin/chromium) for the end-to-end tests.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "statread: installing Debian's chromium (apt-get install -y chromium)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "statread: Chromium not found at $CHROMIUM_PATH." >&2
echo "  Install it with: sudo apt-get install -y chromium   (Debian/Ubuntu)" >&2
echo "  or point CHROMIUM_PATH at a Chrome/Chromium binary." >&2
exit 1
