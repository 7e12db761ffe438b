#!/usr/bin/env bash
# Starts the portal on the embedded default: backend on :7007, front end on :3000,
# SQLite in memory, guest sign-in, the demo catalog.
# BACKEND_PORT / FRONTEND_PORT move it; `--config FILE` (repeatable) layers more config on top.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/preflight.sh"

configs=("$GW_ROOT/app-config.yaml")
[ -f "$GW_ROOT/app-config.local.yaml" ] && configs+=("$GW_ROOT/app-config.local.yaml")
while [ $# -gt 0 ]; do
  case "$1" in
    --config) [ $# -ge 2 ] || gw_die "--config needs a file."; [ -f "$2" ] || gw_die "Config file $2 does not exist."
      configs+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    *) gw_die "Unknown argument: $1" "Usage: npm start [-- --config FILE]..." ;;
  esac
done

gw_toolchain

backend_port="${BACKEND_PORT:-7007}"
frontend_port="${FRONTEND_PORT:-3000}"
gw_require_free_port "$backend_port" "backend"
gw_require_free_port "$frontend_port" "front end"

if [ "$backend_port" != 7007 ] || [ "$frontend_port" != 3000 ]; then
  ports_config="$GW_TOOLS/app-config.ports-$backend_port-$frontend_port.yaml"
  cat >"$ports_config" <<YAML
app:
  baseUrl: http://localhost:$frontend_port
backend:
  baseUrl: http://localhost:$backend_port
  listen:
    port: $backend_port
  cors:
    origin: http://localhost:$frontend_port
YAML
  configs+=("$ports_config")
fi

gw_check_config "${configs[@]}"

config_args=()
for f in "${configs[@]}"; do config_args+=(--config "$f"); done
gw_say "Starting Groundwork: http://localhost:$frontend_port (backend http://localhost:$backend_port). Ctrl-C stops it."
cd "$GW_ROOT"
exec pnpm exec backstage-cli repo start "${config_args[@]}"
