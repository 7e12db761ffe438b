import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

export type BackendSettings = Record<string, unknown>;

export interface Backend {
  type: string;
  settings: BackendSettings;
}

/** Replaces a backend block of the code (Terraform merges override files last). */
export const BACKEND_OVERRIDE_FILE = 'zz_groundwork_backend_override.tf.json';

/**
 * Settings that hold credentials. They belong in the environment
 * (terraform.environment.passThrough), never in a step's input or a file in
 * the workspace.
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

export interface TemplateTokens {
  kind: string;
  namespace: string;
  name: string;
  environment: string;
  workingDirectory: string;
}

/** The tokens of a run of `entityRef` in `environment`. */
export function templateTokens(
  entityRef: string,
  environment: string,
  workingDirectory: string,
): TemplateTokens {
  const entity = parseEntityRef(entityRef);
  return {
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.namespace,
    name: entity.name,
    environment,
    workingDirectory,
  };
}

/** Fills `{name}`-style tokens into string settings (state keys, prefixes). */
export function fillTokens<T>(value: T, tokens: TemplateTokens): T {
  if (typeof value === 'string') {
    return value.replace(
      /\{(kind|namespace|name|environment|workingDirectory)\}/g,
      (_, t) => tokens[t as keyof TemplateTokens],
    ) as unknown as T;
  }
  if (Array.isArray(value))
    return value.map(v => fillTokens(v, tokens)) as unknown as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fillTokens(v, tokens)]),
    ) as T;
  }
  return value;
}

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
      const ok =
        backend.type === 'remote'
          ? isSet(ws?.name) || isSet(ws?.prefix)
          : isSet(ws?.name) || isSet(ws?.tags) || isSet(ws?.project);
      if (!ok) {
        problems.push(
          `the ${backend.type} backend needs "workspaces" with ${
            backend.type === 'remote'
              ? '"name" or "prefix"'
              : '"name" or "tags"'
          }`,
        );
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

export const VALIDATED_BACKENDS = ['s3', 'gcs', 'azurerm', 'remote', 'cloud'];

/** Throws an InputError listing what is wrong; returns warnings otherwise. */
export function checkBackend(
  backend: Backend | undefined,
  allowLocalState: boolean,
  where: string,
): string[] {
  if (!backend || backend.type === 'local') {
    if (allowLocalState) {
      return [
        'Local state: the state file lives in the task workspace, which is deleted after the task; only for throw-away runs.',
      ];
    }
    throw new InputError(
      `${where} uses local state, which would be lost with the task workspace. Configure a remote backend (the step's "backend" input, terraform.environments.<env>.backend in app-config, or a backend block in the code), or set allowLocalState: true for a throw-away run.`,
    );
  }
  const problems = backendProblems(backend);
  if (problems.length > 0) {
    throw new InputError(
      `The ${
        backend.type
      } backend of ${where} is not safe to use: ${problems.join('; ')}.`,
    );
  }
  return VALIDATED_BACKENDS.includes(backend.type)
    ? []
    : [
        `The "${
          backend.type
        }" backend is used as configured; its settings are not checked for encryption and locking (checked backends: ${VALIDATED_BACKENDS.join(
          ', ',
        )}).`,
      ];
}

/** Writes the backend as an override file Terraform merges over the code. */
export async function writeBackendOverride(dir: string, backend: Backend) {
  const block =
    backend.type === 'cloud'
      ? { cloud: backend.settings }
      : { backend: { [backend.type]: backend.settings } };
  await fs.writeFile(
    path.join(dir, BACKEND_OVERRIDE_FILE),
    `${JSON.stringify({ terraform: block }, null, 2)}\n`,
    'utf8',
  );
}

/** Whether the code declares a backend or cloud block (a cheap look before init). */
export async function codeDeclaresBackend(dir: string): Promise<boolean> {
  for (const name of await fs.readdir(dir)) {
    if (!/\.tf(\.json)?$/.test(name) || name === BACKEND_OVERRIDE_FILE)
      continue;
    const text = await fs.readFile(path.join(dir, name), 'utf8');
    if (
      /\bbackend\s+"[^"]+"|\bcloud\s*\{|"backend"\s*:|"cloud"\s*:/.test(text)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The backend `init` configured, as Terraform records it in
 * .terraform/terraform.tfstate; undefined for local state.
 */
export async function initializedBackend(
  dir: string,
): Promise<Backend | undefined> {
  try {
    const doc = JSON.parse(
      await fs.readFile(
        path.join(dir, '.terraform', 'terraform.tfstate'),
        'utf8',
      ),
    );
    const b = doc?.backend;
    if (!b?.type) return undefined;
    return { type: b.type, settings: b.config ?? {} };
  } catch {
    return undefined;
  }
}
