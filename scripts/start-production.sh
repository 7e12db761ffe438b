#!/usr/bin/env bash
# Starts the backend on the production configuration: PostgreSQL, GitHub sign-in, base
# URLs from the environment (app-config.production.yaml lists the variables).
# It checks the environment and the database first, so that a missing variable or a
# server that does not answer is named instead of surfacing as a stack trace.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/preflight.sh"
gw_toolchain

gw_require_env \
  "APP_BASE_URL public URL of the portal, e.g. https://portal.example.com" \
  "BACKEND_SECRET random secret of 24+ characters for service-to-service tokens" \
  "BACKSTAGE_API_TOKEN bearer token for automation, 24+ random characters" \
  "POSTGRES_HOST PostgreSQL host" \
  "POSTGRES_PORT PostgreSQL port, usually 5432" \
  "POSTGRES_USER PostgreSQL user" \
  "AUTH_GITHUB_CLIENT_ID client id of the GitHub OAuth app used for sign-in" \
  "AUTH_GITHUB_CLIENT_SECRET client secret of that OAuth app"
gw_require_free_port "${BACKEND_LISTEN_PORT:-7007}" "backend"
gw_require_postgres "$POSTGRES_HOST" "$POSTGRES_PORT" "$POSTGRES_USER"

configs=("$GW_ROOT/app-config.yaml" "$GW_ROOT/app-config.production.yaml")
gw_check_config "${configs[@]}"

gw_say "Starting the Groundwork backend on PostgreSQL $POSTGRES_HOST:$POSTGRES_PORT, serving ${APP_BASE_URL}."
cd "$GW_ROOT/packages/backend"
exec pnpm exec backstage-cli package start --config "${configs[0]}" --config "${configs[1]}"
