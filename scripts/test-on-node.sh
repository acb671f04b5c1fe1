#!/usr/bin/env bash
# Runs the whole `npm test` under another Node major version (default 24, the current LTS),
# without touching this checkout's node_modules: the npm registry's node-linux-<arch> package
# (the node binary and its headers, nothing downloaded from elsewhere) is installed outside the
# repository, the working tree is copied to a temporary folder, and `npm ci` there builds the
# native addons (better-sqlite3) against that Node's headers.
#   bash scripts/test-on-node.sh [major]     CI_NODE_DIR=... to choose where Node is kept
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-24}"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "test-on-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac
package="node-linux-$arch"
node_dir="${CI_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nhs-login-service-desk/node-$major}"

echo "test-on-node: $package@$major into $node_dir"
mkdir -p "$node_dir"
# Its own package.json, so this install never looks at (or writes to) the project's.
[ -f "$node_dir/package.json" ] || echo '{ "private": true }' >"$node_dir/package.json"
npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "$package@$major" >/dev/null
node_home="$node_dir/node_modules/$package"
version="$("$node_home/bin/node" --version)"
case "$version" in
  "v$major".*) ;;
  *) echo "test-on-node: expected Node $major, got $version" >&2; exit 1 ;;
esac
[ -f "$node_home/include/node/node_api.h" ] || { echo "test-on-node: no headers in $node_home/include/node" >&2; exit 1; }

# A clean copy of the working tree (tracked and new files, not what .gitignore leaves out).
work="$(mktemp -d "${TMPDIR:-/tmp}/nhs-login-node$major.XXXXXX")"
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done |
  tar --null -T - -cf - | tar -xf - -C "$work"

cd "$work"
export PATH="$node_home/bin:$PATH"
# node-gyp builds better-sqlite3 against these headers (the machine's npmrc may name another Node's).
export npm_config_nodedir="$node_home"
echo "test-on-node: Node $(node --version), npm $(npm --version), in $work"
npm ci --no-audit --no-fund
node -e "require('better-sqlite3')(':memory:').close(); console.log('test-on-node: better-sqlite3 loads under', process.version)"
npm test
