# Sourced by scripts/start-production.sh: builds what packages/backend/Dockerfile builds,
# with the same commands, and lays it out as the image does, in dist-production/
# (gitignored). Each step is skipped when its inputs have not changed, and says so.
#
#   Dockerfile stage          here
#   build                     pnpm install --frozen-lockfile (gw_toolchain), pnpm tsc, pnpm build:backend
#   production-dependencies   the skeleton, then pnpm install --frozen-lockfile --prod
#   runtime                   the bundle, app-config.yaml, app-config.production.yaml, templates/

GW_DEPLOY="${GROUNDWORK_PRODUCTION_DIR:-$GW_ROOT/dist-production}"
GW_BUNDLE_DIR="$GW_ROOT/packages/backend/dist"

# gw_build_production : the image's build stage. Cached by a hash of every source it reads.
gw_build_production() {
  local stamp="$GW_BUNDLE_DIR/sources.sha256" want
  want="$("$GW_NODE" "$GW_ROOT/scripts/lib/sources-hash.cjs")"
  if [ -f "$GW_BUNDLE_DIR/bundle.tar.gz" ] && [ -f "$GW_BUNDLE_DIR/skeleton.tar.gz" ] &&
    [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    gw_say "Build cached: no source changed since the bundle of $(date -r "$stamp" '+%Y-%m-%d %H:%M' 2>/dev/null || echo 'the last build'), so no tsc and no rebuild (remove packages/backend/dist to force one)."
    return 0
  fi
  gw_say "Building as the image does: pnpm tsc, then pnpm build:backend (the app, the backend and its packages). The first build takes several minutes."
  (cd "$GW_ROOT" && pnpm tsc) || gw_die "pnpm tsc found type errors (above)." \
    "The production build stops there, as the image's does: fix them and run again."
  (cd "$GW_ROOT" && pnpm build:backend) || gw_die "pnpm build:backend failed (output above)." \
    "Fix what it names and run again; 'pnpm build:backend' alone repeats just this step."
  echo "$want" >"$GW_BUNDLE_DIR/sources.sha256"
}

# gw_deploy_production : the image's production-dependencies and runtime stages, in
# $GW_DEPLOY. Reinstalled only when the bundle or Node changed; config files and
# templates are copied on every start, as the image copies them from the repository.
gw_deploy_production() {
  local stamp="$GW_DEPLOY/.groundwork-deploy" want
  want="$(cat "$GW_BUNDLE_DIR/skeleton.tar.gz" "$GW_BUNDLE_DIR/bundle.tar.gz" | cksum) node-$("$GW_NODE" -p process.version)"
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    gw_say "Deployment cached: dist-production/ already holds this bundle and its production dependencies."
  else
    gw_say "Installing the bundle into dist-production/: production dependencies only (pnpm install --frozen-lockfile --prod), as the image does."
    rm -rf "$GW_DEPLOY" && mkdir -p "$GW_DEPLOY"
    tar xzf "$GW_BUNDLE_DIR/skeleton.tar.gz" -C "$GW_DEPLOY"
    (cd "$GW_DEPLOY" && pnpm install --frozen-lockfile --prod --reporter=append-only) || gw_die \
      "pnpm install --frozen-lockfile --prod failed in dist-production/ (output above)." \
      "If a native module failed to build, check that python3, make and g++ are installed."
    tar xzf "$GW_BUNDLE_DIR/bundle.tar.gz" -C "$GW_DEPLOY"
    echo "$want" >"$stamp"
  fi
  cp "$GW_ROOT/app-config.yaml" "$GW_ROOT/app-config.production.yaml" "$GW_DEPLOY/"
  rm -rf "$GW_DEPLOY/templates"
  (cd "$GW_ROOT" && tar cf - --exclude=node_modules templates) | tar xf - -C "$GW_DEPLOY"
}

# gw_require_api_token NAME : a static token Backstage accepts, long enough to resist guessing.
gw_require_api_token() {
  local name="$1" value="${!1}"
  if [ "${#value}" -lt 24 ] || [[ "$value" =~ [[:space:]] ]]; then
    gw_die "$name must be 24 or more characters without spaces (it is ${#value})." \
      "Generate one, for example: export $name=\$(openssl rand -hex 24)"
  fi
}

# gw_require_group_ref NAME... : each variable holds a Group entity ref, as the permission policy reads it.
gw_require_group_ref() {
  local name value
  for name in "$@"; do
    value="${!name:-}"
    [ -z "$value" ] && continue
    if ! [[ "$value" =~ ^([Gg][Rr][Oo][Uu][Pp]:)?([A-Za-z0-9._-]+/)?[A-Za-z0-9._-]+$ ]]; then
      gw_die "$name=\"$value\" is not a Group entity ref." \
        "Write one group as group:<namespace>/<name>, e.g. $name=group:default/platform-admins."
    fi
  done
}
