#!/usr/bin/env bash
# Starts the portal as production runs it: the built backend bundle, serving the built
# app, with NODE_ENV=production, on app-config.yaml + app-config.production.yaml
# (PostgreSQL, GitHub sign-in, no guest, no demo catalog). It builds with the same
# commands as packages/backend/Dockerfile and runs the image's command, from
# dist-production/; builds are cached, so a start with unchanged sources does not rebuild.
# It checks the environment and the database first, so that a missing variable or a
# server that does not answer is named before any build, not surfaced as a stack trace.
set -euo pipefail
# The build needs dev dependencies whatever the shell says (pnpm install skips them
# under NODE_ENV=production); the backend gets NODE_ENV=production when it starts.
unset NODE_ENV
source "$(dirname "$0")/lib/toolchain.sh"
source "$(dirname "$0")/lib/preflight.sh"
source "$(dirname "$0")/lib/production.sh"
gw_toolchain

gw_require_env \
  "APP_BASE_URL public URL of the portal, e.g. https://portal.example.com" \
  "BACKSTAGE_API_TOKEN read-only bearer token for automation, 24+ random characters" \
  "POSTGRES_HOST PostgreSQL host" \
  "POSTGRES_PORT PostgreSQL port, usually 5432" \
  "POSTGRES_USER PostgreSQL user" \
  "AUTH_GITHUB_CLIENT_ID client id of the GitHub OAuth app used for sign-in" \
  "AUTH_GITHUB_CLIENT_SECRET client secret of that OAuth app" \
  "GROUNDWORK_ADMIN_GROUP the platform administrators' Group, e.g. group:default/platform-admins" \
  "GROUNDWORK_APPROVER_GROUP the Group whose members approve access requests, e.g. group:default/security"
gw_require_api_token BACKSTAGE_API_TOKEN
gw_require_group_ref GROUNDWORK_ADMIN_GROUP GROUNDWORK_APPROVER_GROUP GROUNDWORK_PRODUCTION_GROUP
gw_require_free_port "${BACKEND_LISTEN_PORT:-7007}" "backend"
gw_require_postgres "$POSTGRES_HOST" "$POSTGRES_PORT" "$POSTGRES_USER"
gw_check_config "$GW_ROOT/app-config.yaml" "$GW_ROOT/app-config.production.yaml"

gw_build_production
gw_deploy_production

gw_say "Starting the production backend (NODE_ENV=production, the bundle in dist-production/) on PostgreSQL $POSTGRES_HOST:$POSTGRES_PORT, serving ${APP_BASE_URL}."
cd "$GW_DEPLOY"
export NODE_ENV=production
# The image's CMD (packages/backend/Dockerfile), word for word.
exec node packages/backend --config app-config.yaml --config app-config.production.yaml
