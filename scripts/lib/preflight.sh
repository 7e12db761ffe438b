# Checks that turn the usual first-start failures into a sentence that says what to do.

# gw_require_free_port PORT WHAT
gw_require_free_port() {
  local port="$1" what="$2"
  if "$GW_NODE" -e '
      const s = require("net").createServer();
      s.once("error", () => process.exit(1));
      s.listen(Number(process.argv[1]), () => s.close(() => process.exit(0)));
    ' "$port"; then
    return 0
  fi
  local holder=""
  command -v ss >/dev/null && holder="$(ss -ltnpH "sport = :$port" 2>/dev/null | sed -n 's/.*users:((\("[^"]*",pid=[0-9]*\).*/\1/p' | head -1)"
  gw_die "Port $port ($what) is already in use${holder:+ by $holder}." \
    "Stop that process, or start Groundwork on other ports, for example:" \
    "  BACKEND_PORT=7107 FRONTEND_PORT=3100 npm start"
}

# gw_check_config FILE... : validates the merged config against every installed plugin's schema.
gw_check_config() {
  local args=() f
  for f in "$@"; do args+=(--config "$f"); done
  local out
  if ! out="$(cd "$GW_ROOT" && pnpm exec backstage-cli config:check --lax "${args[@]}" 2>&1)"; then
    gw_die "The configuration is not valid:" "$(printf '%s\n' "$out" | grep -v '^\s*at ' | head -20)" \
      "Fix the key named above in $(printf '%s ' "$@")(see https://backstage.io/docs/conf/ for the format)."
  fi
}
