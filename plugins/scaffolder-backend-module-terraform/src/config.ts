import type { Config } from '@backstage/config';
import type { Severity } from '@groundwork/governance';
import path from 'node:path';

export type Flavour = 'terraform' | 'tofu';
export type ExecutorKind = 'cli' | 'hcp';
export type BudgetAction = 'block' | 'warn';
export type InputOverrides = 'none' | 'tighten' | 'any';

export interface BackendSpec {
  type: string;
  settings: Record<string, string | number | boolean>;
}

export interface EnvironmentDefaults {
  backend?: BackendSpec;
  gateThreshold?: Severity;
  budgetAction?: BudgetAction;
  policyFile?: string;
  executor?: ExecutorKind;
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
  environments: Record<string, EnvironmentDefaults>;
  hcp: HcpSettings;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];

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

  const environments: Record<string, EnvironmentDefaults> = {};
  const envs = root?.getOptionalConfig('environments');
  for (const name of envs?.keys() ?? []) {
    const e = envs!.getConfig(name);
    const key = `terraform.environments.${name}`;
    const backend = e.getOptionalConfig('backend');
    environments[name] = {
      backend: backend && {
        type: backend.getString('type'),
        settings: (backend.getOptional('settings') ?? {}) as Record<
          string,
          string | number | boolean
        >,
      },
      gateThreshold: oneOf(
        e.getOptionalString('gateThreshold'),
        SEVERITIES as Severity[],
        `${key}.gateThreshold`,
      ),
      budgetAction: oneOf<BudgetAction>(
        e.getOptionalString('budgetAction'),
        ['block', 'warn'],
        `${key}.budgetAction`,
      ),
      policyFile: e.getOptionalString('policyFile'),
      executor: oneOf<ExecutorKind>(
        e.getOptionalString('executor'),
        ['cli', 'hcp'],
        `${key}.executor`,
      ),
    };
  }

  const hcp = root?.getOptionalConfig('hcp');
  const host = hcp?.getOptionalString('host') ?? 'app.terraform.io';
  const baseUrl = (
    /^https?:\/\//.test(host) ? host : `https://${host}`
  ).replace(/\/+$/, '');

  return {
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
        ['cli', 'hcp'],
        'terraform.defaultExecutor',
      ) ?? 'cli',
    environments,
    hcp: {
      baseUrl,
      token: hcp?.getOptionalString('token'),
      organization: hcp?.getOptionalString('organization'),
      workspaceName:
        hcp?.getOptionalString('workspaceName') ?? '{name}-{environment}',
      maxPollIntervalMs:
        positive(
          hcp?.getOptionalNumber('maxPollIntervalSeconds'),
          'terraform.hcp.maxPollIntervalSeconds',
          10,
        ) * 1000,
    },
  };
}
