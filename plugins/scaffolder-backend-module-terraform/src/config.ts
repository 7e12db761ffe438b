import type { Config } from '@backstage/config';
import { SEVERITIES, type Severity } from '@groundwork/governance';
import {
  PLAN_TIME_CODE,
  type PlanTimeCode,
} from '@groundwork/plugin-groundwork-node';
import path from 'node:path';
import { backendProblems, VALIDATED_BACKENDS } from './run/backend';
import { identityPatternProblem } from './run/identity';

type Flavour = 'terraform' | 'tofu';
export type ExecutorKind = 'cli' | 'hcp';
export type BudgetAction = 'block' | 'warn';
export type InputOverrides = 'none' | 'tighten' | 'any';

// Which constructs count as plan-time code is shared with the drift check.
export type { PlanTimeCode };

const EXECUTORS: readonly ExecutorKind[] = ['cli', 'hcp'];

/** A state backend from config, with its identity setting filled in. */
export interface BackendSpec {
  type: string;
  settings: Record<string, unknown>;
  /** Where config declares it, for messages: `terraform.environments.dev.backend`. */
  key: string;
}

/** Where a backend type keeps the name of one state, and its default pattern. */
const STATE_SETTING: Record<string, { path: string[]; pattern: string }> = {
  s3: {
    path: ['key'],
    pattern:
      '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
  },
  azurerm: {
    path: ['key'],
    pattern:
      '{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate',
  },
  gcs: {
    path: ['prefix'],
    pattern: '{kind}/{namespace}/{name}/{environment}/{workingDirectory}',
  },
  remote: {
    path: ['workspaces', 'name'],
    pattern: '{kind}_{namespace}_{environment}_{name}',
  },
  cloud: {
    path: ['workspaces', 'name'],
    pattern: '{kind}_{namespace}_{environment}_{name}',
  },
};

/** Default HCP Terraform workspace name: letters, digits, '-' and '_' only. */
const DEFAULT_WORKSPACE_NAME = '{kind}_{namespace}_{environment}_{name}';

/** What config decides for one environment; steps only select within it. */
export interface EnvironmentSettings {
  /** `terraform.environments.<name>`, for messages. */
  key: string;
  /** The state backend when a step names none. */
  backend?: BackendSpec;
  /** Further state backends a step may select by name (`backend: <name>`). */
  backends: Record<string, BackendSpec>;
  /** The executor when a step names none. */
  executor: ExecutorKind;
  /** The executors a step may select. */
  executors: ExecutorKind[];
  hcp: {
    organization?: string;
    /** The key the organization came from, for messages. */
    organizationKey: string;
    workspaceName: string;
    workspaceNameKey: string;
  };
  allowPlanTimeCode: PlanTimeCode[];
  gateThreshold?: Severity;
  budgetAction?: BudgetAction;
  policyFile?: string;
}

export interface HcpSettings {
  /** Base URL without trailing slash, e.g. `https://app.terraform.io`. */
  baseUrl: string;
  token?: string;
  organization?: string;
  workspaceName: string;
  maxPollIntervalMs: number;
}

/** `terraform.*` with every default filled in. */
export interface TerraformConfig {
  binary: string;
  flavour: Flavour;
  minimumVersion: string;
  pluginCacheDir?: string;
  passThrough: string[];
  timeouts: {
    defaultMinutes: number;
    maxMinutes: number;
    cancelGraceMs: number;
    lockTimeoutSeconds: number;
  };
  policy: { file?: string; inputOverrides: InputOverrides };
  defaultExecutor: ExecutorKind;
  /** Environments config names; others get `environmentSettings`' defaults. */
  environments: Record<string, EnvironmentSettings>;
  hcp: HcpSettings;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  key: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new TypeError(
      `${key} must be one of ${allowed.join(', ')}, got "${value}".`,
    );
  }
  return value as T;
}

function positive(value: number | undefined, key: string, fallback: number) {
  if (value === undefined) return fallback;
  if (!(value >= 0)) {
    throw new TypeError(`${key} must be a number of at least 0, got ${value}.`);
  }
  return value;
}

function getPath(obj: Record<string, unknown>, keys: string[]): unknown {
  let v: unknown = obj;
  for (const k of keys) v = (v as Record<string, unknown> | undefined)?.[k];
  return v;
}

function setPath(obj: Record<string, unknown>, keys: string[], value: unknown) {
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    o[k] = { ...((o[k] as Record<string, unknown>) ?? {}) };
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
}

/**
 * A state backend from config, refused at startup when the portal could
 * not vouch for it: local state (a path on the portal's host, lost with the
 * task), a type it cannot check, credentials in settings, no encryption or
 * lock, or a state name that two entities could share.
 */
function readBackendSpec(c: Config, key: string): BackendSpec {
  const type = c.getString('type');
  if (type === 'local') {
    throw new TypeError(
      `${key}.type is "local": local state is written on the portal's host (in the task workspace, or wherever a path points) and lost with the task. Configure a remote backend (${VALIDATED_BACKENDS.join(
        ', ',
      )}); a throw-away run sets allowLocalState: true on its step instead.`,
    );
  }
  if (!VALIDATED_BACKENDS.includes(type)) {
    throw new TypeError(
      `${key}.type "${type}" is not a state backend this portal checks for encryption, locking and a per-entity state; use one of ${VALIDATED_BACKENDS.join(
        ', ',
      )}.`,
    );
  }
  const settings = JSON.parse(
    JSON.stringify(c.getOptional('settings') ?? {}),
  ) as Record<string, unknown>;
  const state = STATE_SETTING[type];
  const stateKey = `${key}.settings.${state.path.join('.')}`;
  const workspaces = settings.workspaces as Record<string, unknown> | undefined;
  if (
    (type === 'remote' || type === 'cloud') &&
    workspaces &&
    workspaces.name === undefined
  ) {
    throw new TypeError(
      `${key}.settings.workspaces must give "name" (a pattern such as "${state.pattern}"): with "prefix" or "tags" the workspace, and so the state, would be chosen outside config.`,
    );
  }
  const pattern = getPath(settings, state.path);
  if (pattern === undefined) {
    setPath(settings, state.path, state.pattern);
  } else if (typeof pattern !== 'string') {
    throw new TypeError(`${stateKey} must be a string pattern.`);
  } else {
    const problem = identityPatternProblem(pattern);
    if (problem) {
      throw new TypeError(`${stateKey} "${pattern}" is refused: ${problem}.`);
    }
  }
  const problems = backendProblems({ type, settings });
  if (problems.length > 0) {
    throw new TypeError(`${key} is not safe to use: ${problems.join('; ')}.`);
  }
  return { type, settings, key };
}

function workspaceNameProblem(pattern: string): string | undefined {
  if (pattern.includes('{workingDirectory}')) {
    return 'it uses {workingDirectory}, whose "/" HCP Terraform workspace names cannot hold';
  }
  const literal = pattern.replace(/\{[A-Za-z]+\}/g, '');
  if (!/^[A-Za-z0-9_-]*$/.test(literal)) {
    return 'HCP Terraform workspace names hold only letters, digits, "-" and "_"';
  }
  return identityPatternProblem(pattern);
}

function checkWorkspaceName(pattern: string, key: string) {
  const problem = workspaceNameProblem(pattern);
  if (problem) {
    throw new TypeError(`${key} "${pattern}" is refused: ${problem}.`);
  }
}

/**
 * What config decides for `name`: its entry in `terraform.environments`,
 * or the defaults for an environment config does not list there.
 */
export function environmentSettings(
  terraform: TerraformConfig,
  name: string,
): EnvironmentSettings {
  return (
    terraform.environments[name] ?? {
      key: `terraform.environments.${name}`,
      backends: {},
      executor: terraform.defaultExecutor,
      executors: [terraform.defaultExecutor],
      hcp: {
        organization: terraform.hcp.organization,
        organizationKey: 'terraform.hcp.organization',
        workspaceName: terraform.hcp.workspaceName,
        workspaceNameKey: 'terraform.hcp.workspaceName',
      },
      allowPlanTimeCode: [],
    }
  );
}

/** Reads and checks `terraform.*`; throws a TypeError naming the bad key. */
export function readTerraformConfig(config: Config): TerraformConfig {
  const root = config.getOptionalConfig('terraform');
  const binary = root?.getOptionalString('binary') ?? 'terraform';
  const flavour =
    oneOf<Flavour>(
      root?.getOptionalString('flavour'),
      ['terraform', 'tofu'],
      'terraform.flavour',
    ) ?? (path.basename(binary).endsWith('tofu') ? 'tofu' : 'terraform');
  const minimumVersion =
    root?.getOptionalString('minimumVersion') ??
    (flavour === 'tofu' ? '1.6.0' : '1.5.0');
  if (!/^\d+\.\d+\.\d+$/.test(minimumVersion)) {
    throw new TypeError(
      `terraform.minimumVersion must look like 1.5.0, got "${minimumVersion}".`,
    );
  }
  const passThrough =
    root?.getOptionalStringArray('environment.passThrough') ?? [];
  for (const name of passThrough) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*\*?$/.test(name)) {
      throw new TypeError(
        `terraform.environment.passThrough entry "${name}" must be a variable name, or a prefix ending in *.`,
      );
    }
  }
  const t = root?.getOptionalConfig('timeouts');
  const timeouts = {
    defaultMinutes: positive(
      t?.getOptionalNumber('defaultMinutes'),
      'terraform.timeouts.defaultMinutes',
      60,
    ),
    maxMinutes: positive(
      t?.getOptionalNumber('maxMinutes'),
      'terraform.timeouts.maxMinutes',
      240,
    ),
    cancelGraceMs:
      positive(
        t?.getOptionalNumber('cancelGraceSeconds'),
        'terraform.timeouts.cancelGraceSeconds',
        60,
      ) * 1000,
    lockTimeoutSeconds: positive(
      t?.getOptionalNumber('lockTimeoutSeconds'),
      'terraform.timeouts.lockTimeoutSeconds',
      0,
    ),
  };

  const hcpConfig = root?.getOptionalConfig('hcp');
  const host = hcpConfig?.getOptionalString('host') ?? 'app.terraform.io';
  const baseUrl = (
    /^https?:\/\//.test(host) ? host : `https://${host}`
  ).replace(/\/+$/, '');
  const hcp: HcpSettings = {
    baseUrl,
    token: hcpConfig?.getOptionalString('token'),
    organization: hcpConfig?.getOptionalString('organization'),
    workspaceName:
      hcpConfig?.getOptionalString('workspaceName') ?? DEFAULT_WORKSPACE_NAME,
    maxPollIntervalMs:
      positive(
        hcpConfig?.getOptionalNumber('maxPollIntervalSeconds'),
        'terraform.hcp.maxPollIntervalSeconds',
        10,
      ) * 1000,
  };
  checkWorkspaceName(hcp.workspaceName, 'terraform.hcp.workspaceName');

  const terraform: TerraformConfig = {
    binary,
    flavour,
    minimumVersion,
    pluginCacheDir: root?.getOptionalString('pluginCacheDir'),
    passThrough,
    timeouts,
    policy: {
      file: root?.getOptionalString('policy.file'),
      inputOverrides:
        oneOf<InputOverrides>(
          root?.getOptionalString('policy.inputOverrides'),
          ['none', 'tighten', 'any'],
          'terraform.policy.inputOverrides',
        ) ?? 'tighten',
    },
    defaultExecutor:
      oneOf<ExecutorKind>(
        root?.getOptionalString('defaultExecutor'),
        EXECUTORS,
        'terraform.defaultExecutor',
      ) ?? 'cli',
    environments: {},
    hcp,
  };

  const envs = root?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    terraform.environments[name] = readEnvironment(
      envs!.getConfig(name),
      `terraform.environments.${name}`,
      terraform,
    );
  }
  // Environments config does not list run with the defaults.
  checkHcpReady(
    environmentSettings(terraform, '<env>'),
    hcp,
    'terraform.defaultExecutor',
  );
  for (const settings of Object.values(terraform.environments)) {
    checkHcpReady(settings, hcp, `${settings.key}.executors`);
  }
  return terraform;
}

function readEnvironment(
  e: Config,
  key: string,
  terraform: TerraformConfig,
): EnvironmentSettings {
  const backend = e.getOptionalConfig('backend');
  const named = e.getOptionalConfig('backends');
  const backends: Record<string, BackendSpec> = {};
  for (const name of named?.keys() ?? []) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new TypeError(
        `${key}.backends.${name}: a backend's name may hold letters, digits, '-' and '_'.`,
      );
    }
    backends[name] = readBackendSpec(
      named!.getConfig(name),
      `${key}.backends.${name}`,
    );
  }
  const executor =
    oneOf<ExecutorKind>(
      e.getOptionalString('executor'),
      EXECUTORS,
      `${key}.executor`,
    ) ?? terraform.defaultExecutor;
  const listed = e.getOptionalStringArray('executors');
  const executors = listed
    ? listed.map(x => oneOf(x, EXECUTORS, `${key}.executors`)!)
    : [executor];
  if (!executors.includes(executor)) {
    throw new TypeError(
      `${key}.executors (${executors.join(
        ', ',
      )}) must include the environment's default executor, ${executor} (${key}.executor, else terraform.defaultExecutor).`,
    );
  }
  const envHcp = e.getOptionalConfig('hcp');
  const workspaceName = envHcp?.getOptionalString('workspaceName');
  if (workspaceName !== undefined) {
    checkWorkspaceName(workspaceName, `${key}.hcp.workspaceName`);
  }
  const organization = envHcp?.getOptionalString('organization');
  const allow = e.getOptionalStringArray('allowPlanTimeCode') ?? [];
  return {
    key,
    backend: backend && readBackendSpec(backend, `${key}.backend`),
    backends,
    executor,
    executors,
    hcp: {
      organization: organization ?? terraform.hcp.organization,
      organizationKey:
        organization !== undefined
          ? `${key}.hcp.organization`
          : 'terraform.hcp.organization',
      workspaceName: workspaceName ?? terraform.hcp.workspaceName,
      workspaceNameKey:
        workspaceName !== undefined
          ? `${key}.hcp.workspaceName`
          : 'terraform.hcp.workspaceName',
    },
    allowPlanTimeCode: allow.map(
      x => oneOf(x, PLAN_TIME_CODE, `${key}.allowPlanTimeCode`)!,
    ),
    gateThreshold: oneOf(
      e.getOptionalString('gateThreshold'),
      SEVERITIES,
      `${key}.gateThreshold`,
    ),
    budgetAction: oneOf<BudgetAction>(
      e.getOptionalString('budgetAction'),
      ['block', 'warn'],
      `${key}.budgetAction`,
    ),
    policyFile: e.getOptionalString('policyFile'),
  };
}

/** An environment that may run on HCP Terraform has what it needs, from startup. */
function checkHcpReady(
  settings: EnvironmentSettings,
  hcp: HcpSettings,
  why: string,
) {
  if (!settings.executors.includes('hcp')) return;
  if (!hcp.token) {
    throw new TypeError(
      `${why} lets runs use the hcp executor, but terraform.hcp.token is not set: give a team token with permission to manage workspaces and queue and apply runs.`,
    );
  }
  if (!settings.hcp.organization) {
    throw new TypeError(
      `${why} lets runs use the hcp executor, but no organization is configured: set ${settings.key}.hcp.organization or terraform.hcp.organization.`,
    );
  }
}
