/** Always passed: what a process needs to run, find CA certificates and proxies. */
const BASE_NAMES = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMPDIR',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
];

/**
 * Never passed, even when allow-listed: they would change what Terraform
 * runs (extra CLI arguments), where it writes, or dump values into the log.
 */
const NEVER = [
  /^TF_CLI_ARGS/,
  /^TF_VAR_/,
  /^TF_LOG/,
  /^TF_DATA_DIR$/,
  /^TF_INPUT$/,
];

const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|SAS|CONN/i;

interface ChildEnvironment {
  env: NodeJS.ProcessEnv;
  /** Values of passed-through variables whose names suggest a secret. */
  secretValues: string[];
}

function matches(name: string, patterns: string[]): boolean {
  return patterns.some(p =>
    p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p,
  );
}

/**
 * The environment Terraform runs with: an allow-list of the backend's own
 * variables (so the portal's database password or GitHub token never reach
 * it), the automation settings, and the step's secret variables as TF_VAR_*.
 */
export function childEnvironment(options: {
  source: NodeJS.ProcessEnv;
  passThrough: string[];
  pluginCacheDir?: string;
  secretVars: Record<string, string>;
  extra?: Record<string, string>;
}): ChildEnvironment {
  const env: NodeJS.ProcessEnv = {};
  const secretValues: string[] = [];
  for (const [name, value] of Object.entries(options.source)) {
    if (value === undefined || NEVER.some(re => re.test(name))) continue;
    if (BASE_NAMES.includes(name)) env[name] = value;
    else if (matches(name, options.passThrough)) {
      env[name] = value;
      if (SECRET_NAME.test(name) && value.length > 0) secretValues.push(value);
    }
  }
  env.TF_IN_AUTOMATION = '1';
  env.TF_INPUT = '0';
  env.CHECKPOINT_DISABLE = '1';
  if (options.pluginCacheDir) env.TF_PLUGIN_CACHE_DIR = options.pluginCacheDir;
  for (const [name, value] of Object.entries(options.secretVars)) {
    env[`TF_VAR_${name}`] = value;
  }
  Object.assign(env, options.extra);
  return { env, secretValues };
}
