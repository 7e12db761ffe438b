import fs from 'node:fs/promises';
import path from 'node:path';

type BackendSettings = Record<string, unknown>;

export interface Backend {
  type: string;
  settings: BackendSettings;
}

/** Replaces a backend block of the code (Terraform merges override files last). */
export const BACKEND_OVERRIDE_FILE = 'zz_groundwork_backend_override.tf.json';

/**
 * Settings that hold credentials. They belong in the environment
 * (terraform.environment.passThrough), never in config's backend settings
 * or a file in the workspace.
 */
const CREDENTIAL_KEYS = new Set([
  'access_key',
  'secret_key',
  'token',
  'session_token',
  'sas_token',
  'client_secret',
  'client_certificate_password',
  'password',
  'conn_str',
  'credentials',
  'access_token',
  'encryption_key',
  'shared_access_key',
]);

/** Backend types whose settings the portal checks (encryption, lock, state name). */
export const VALIDATED_BACKENDS = ['s3', 'gcs', 'azurerm', 'remote', 'cloud'];

const isSet = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * Everything wrong with a backend, as sentences; empty when it is fit for
 * state that outlives the task workspace: remote, encrypted, locked.
 */
export function backendProblems(backend: Backend): string[] {
  const s = backend.settings;
  const problems: string[] = [];
  for (const key of Object.keys(s)) {
    if (CREDENTIAL_KEYS.has(key)) {
      problems.push(
        `"${key}" is a credential: pass it to Terraform through the environment (terraform.environment.passThrough, e.g. AWS_*, ARM_*, GOOGLE_*), not as a backend setting`,
      );
    }
  }
  const require = (...keys: string[]) => {
    for (const key of keys) {
      if (!isSet(s[key]))
        problems.push(`the ${backend.type} backend needs "${key}"`);
    }
  };
  switch (backend.type) {
    case 's3':
      require('bucket', 'key', 'region');
      if (s.encrypt !== true && s.encrypt !== 'true') {
        problems.push(
          'the s3 backend needs "encrypt = true": state holds secrets in clear text',
        );
      }
      if (
        !isSet(s.dynamodb_table) &&
        s.use_lockfile !== true &&
        s.use_lockfile !== 'true'
      ) {
        problems.push(
          'the s3 backend needs a lock: "use_lockfile = true" (Terraform 1.10+) or "dynamodb_table"',
        );
      }
      break;
    case 'gcs':
      require('bucket', 'prefix');
      break;
    case 'azurerm':
      require('storage_account_name', 'container_name', 'key');
      break;
    case 'remote':
    case 'cloud': {
      require('organization');
      const ws = s.workspaces as Record<string, unknown> | undefined;
      if (!isSet(ws?.name)) {
        problems.push(`the ${backend.type} backend needs "workspaces.name"`);
      }
      break;
    }
    default:
      problems.push(
        `"${
          backend.type
        }" is not a backend this portal checks (${VALIDATED_BACKENDS.join(
          ', ',
        )})`,
      );
  }
  return problems;
}

/** Local state in the working directory: only what a step allows for a throw-away run. */
export const LOCAL_STATE: Backend = { type: 'local', settings: {} };

/** The override file's content: replaces whatever backend the code declares. */
export function backendOverride(backend: Backend) {
  const block =
    backend.type === 'cloud'
      ? { cloud: backend.settings }
      : { backend: { [backend.type]: backend.settings } };
  return { terraform: block };
}

/** Writes the backend as an override file Terraform merges over the code. */
export async function writeBackendOverride(dir: string, backend: Backend) {
  await fs.writeFile(
    path.join(dir, BACKEND_OVERRIDE_FILE),
    `${JSON.stringify(backendOverride(backend), null, 2)}\n`,
    'utf8',
  );
}

const SECRET_SETTING = /secret|token|password|credential|sas|private|_key$/i;

/**
 * A backend's settings as the log may show them: values of settings whose
 * names suggest a secret are masked (config refuses credentials, but a
 * setting such as a KMS key id need not be published either).
 */
export function redactedSettings(value: unknown, key = ''): unknown {
  if (key && (CREDENTIAL_KEYS.has(key) || SECRET_SETTING.test(key))) {
    return '***';
  }
  if (Array.isArray(value)) return value.map(v => redactedSettings(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactedSettings(v, k)]),
    );
  }
  return value;
}
