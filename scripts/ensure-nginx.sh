#!/usr/bin/env bash
# Makes sure Debian's nginx is installed: the end-to-end suite runs the deployment of docs/deploy.md
# (docs/deploy/statread-nginx.conf, scripts/nginxTestServer.ts) in a private prefix on a loopback port and runs the
# CSP, privacy and PACS specs against it; the system service is never used. Installs nginx with apt-get when
# missing and root; otherwise prints the one command to run. In CI (CI set) a missing nginx is an error; elsewhere a
# warning (the "nginx" Playwright project is then left out).
set -euo pipefail
if [ -x /usr/sbin/nginx ] || [ -x /usr/bin/nginx ]; then
  echo "== nginx: $( (/usr/sbin/nginx -v 2>&1 || nginx -v 2>&1) | head -1)"
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== nginx: installing nginx with apt-get (its service is not started or used)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends nginx; then
    apt-get update
    apt-get install -y --no-install-recommends nginx
  fi
  { [ -x /usr/sbin/nginx ] || [ -x /usr/bin/nginx ]; } && exit 0
fi
msg="nginx is not installed: run 'sudo apt-get install -y nginx' (the deployment end-to-end tests need it)"
if [ -n "${CI:-}" ]; then
  echo "ERROR: $msg" >&2
  exit 1
fi
echo "WARNING: $msg; the nginx end-to-end project will be skipped." >&2
