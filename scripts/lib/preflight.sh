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

# gw_check_config FILE... : validates the merged config against every installed plugin's
# schema, strictly (an unknown or misspelt key is an error), with environment variables
# that are not set treated as present (gw_require_env checks those).
gw_check_config() {
  local args=() f
  for f in "$@"; do args+=(--config "$f"); done
  local out
  if ! out="$(cd "$GW_ROOT" && pnpm exec backstage-cli config:check --lax --strict "${args[@]}" 2>&1)"; then
    gw_die "The configuration is not valid:" "$(printf '%s\n' "$out" | grep -v '^\s*at ' | head -20)" \
      "Fix the key named above in $(printf '%s ' "$@")(see https://backstage.io/docs/conf/ for the format)."
  fi
}

# gw_require_env "NAME what it is" ... : names every missing variable at once.
gw_require_env() {
  local missing=() entry name
  for entry in "$@"; do
    name="${entry%% *}"
    [ -n "${!name:-}" ] || missing+=("  $name: ${entry#* }")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  gw_die "These environment variables must be set for the production configuration:" "${missing[@]}" \
    "Set them (app-config.production.yaml lists what each one is for) and run again."
}

# gw_require_postgres HOST PORT USER : a PostgreSQL server that does not answer is named, with what to do.
gw_require_postgres() {
  local out
  if out="$(cd "$GW_ROOT" && PGCONNECT_TIMEOUT=5 "$GW_NODE" scripts/lib/pg-ping.js "$@" 2>&1)"; then
    return 0
  fi
  gw_die "PostgreSQL at $1:$2 (user $3) does not answer: $out" \
    "Start the server (on this machine: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)," \
    "or point POSTGRES_HOST / POSTGRES_PORT / POSTGRES_USER / POSTGRES_PASSWORD at one that runs."
}

# gw_ensure_chromium : the browser tests drive Debian's Chromium (playwright cannot
# download its own browsers here). Installs it when this user may, else says how.
gw_ensure_chromium() {
  GW_CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
  [ -x "$GW_CHROMIUM" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    gw_say "Installing Chromium for the browser tests (apt-get install chromium) ..."
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >"$GW_TOOLS/chromium-install.log" 2>&1 \
      && [ -x "$GW_CHROMIUM" ]; then
      return 0
    fi
    gw_die "Could not install Chromium (log: .tools/chromium-install.log)." \
      "Install it yourself (apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary."
  fi
  gw_die "The browser tests need Chromium at $GW_CHROMIUM." \
    "Install it (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary."
}

# gw_ensure_kubectl : the templates' coherence test builds the rendered Kustomize folders
# with the kustomize that kubectl embeds (`kubectl kustomize`, offline; no cluster needed).
# The overlays use kustomize 5 fields (labels, patches): kubectl 1.27 or later. This
# machine kind's image ships one (the `kubectl` package); installs it when this user may
# and a package source offers it, else says how and returns 1 (the other tests still run;
# the coherence test then fails with the same advice). KUBECTL may name another binary.
gw_kustomize_major() {
  "$1" version --client --output=json 2>/dev/null |
    sed -n 's/.*"kustomizeVersion": *"v\{0,1\}\([0-9]*\).*/\1/p' | head -1
}
gw_ensure_kubectl() {
  GW_KUBECTL="${KUBECTL:-$(command -v kubectl || true)}"
  if [ -n "$GW_KUBECTL" ] && [ "$(gw_kustomize_major "$GW_KUBECTL")" -ge 5 ] 2>/dev/null; then
    return 0
  fi
  if [ -z "${KUBECTL:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    gw_say "Installing kubectl for the templates' Kustomize builds (apt-get install kubectl) ..."
    if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubectl) >"$GW_TOOLS/kubectl-install.log" 2>&1; then
      GW_KUBECTL="$(command -v kubectl || true)"
      if [ -n "$GW_KUBECTL" ] && [ "$(gw_kustomize_major "$GW_KUBECTL")" -ge 5 ] 2>/dev/null; then
        return 0
      fi
    fi
  fi
  gw_say "The templates' coherence test needs kubectl 1.27 or later (it embeds kustomize 5) and found ${GW_KUBECTL:-none}." \
    "Install kubectl (https://kubernetes.io/docs/tasks/tools/; on Debian with the Kubernetes package source: apt-get install kubectl)," \
    "or set KUBECTL to a kubectl binary. Debian's own kubernetes-client (1.20, kustomize 2) is too old."
  return 1
}

# gw_answers HOST PORT : whether something accepts TCP connections there.
gw_answers() {
  "$GW_NODE" -e '
    const s = require("net").connect({ host: process.argv[1], port: Number(process.argv[2]), timeout: 2000 });
    s.on("connect", () => process.exit(0)); s.on("error", () => process.exit(1)); s.on("timeout", () => process.exit(1));
  ' "$1" "$2"
}
