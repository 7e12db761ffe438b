import { Config } from '@backstage/config';
import {
  CodePolicy,
  PLAN_TIME_CODE,
  PlanTimeCode,
} from '@groundwork/plugin-groundwork-node';
import path from 'node:path';
import type { CliSettings } from './cli/refreshOnly';

/**
 * The HCP Terraform host and token for reading assessments:
 * `platformStatus.drift.hcp.*`, else terraform:apply's `terraform.hcp.*`.
 * Undefined without a token: the HCP source is then not installed.
 */
export function readHcpSettings(
  config: Config,
): { baseUrl: string; token: string } | undefined {
  const own = config.getOptionalConfig('platformStatus.drift.hcp');
  const shared = config.getOptionalConfig('terraform.hcp');
  const token =
    own?.getOptionalString('token') ?? shared?.getOptionalString('token');
  if (!token) return undefined;
  const host =
    own?.getOptionalString('host') ??
    shared?.getOptionalString('host') ??
    'app.terraform.io';
  const baseUrl = /^https?:\/\//.test(host)
    ? host.replace(/\/+$/, '')
    : `https://${host}`;
  return { baseUrl, token };
}

/** The opt-in that installs the CLI drift check. */
export const CLI_ENABLED_KEY = 'platformStatus.drift.cli.enabled';

/**
 * Whether the CLI drift check runs: only when config turns it on, since it
 * runs Terraform with cloud credentials inside the portal's backend.
 */
export function readCliEnabled(config: Config): boolean {
  return config.getOptionalBoolean(CLI_ENABLED_KEY) ?? false;
}

/**
 * The configured backend of an environment
 * (`terraform.environments.<env>.backend`), for the settings a state
 * location does not carry (region, encryption, lock).
 */
export function readConfiguredBackend(
  config: Config,
  environment: string,
): { type: string; settings: Record<string, unknown> } | undefined {
  // A name that is not a config key cannot have one (and must not reach into another key).
  if (!/^[A-Za-z0-9_-]+$/.test(environment)) return undefined;
  const backend = config.getOptionalConfig(
    `terraform.environments.${environment}.backend`,
  );
  const type = backend?.getOptionalString('type');
  if (!backend || !type) return undefined;
  return {
    type,
    settings: JSON.parse(
      JSON.stringify(backend.getOptional('settings') ?? {}),
    ) as Record<string, unknown>,
  };
}

/**
 * The plan-time code an environment allows, from terraform:apply's own
 * `terraform.environments.<env>.allowPlanTimeCode` (which it checks at
 * startup): the drift check runs the same code, so the same rule holds.
 */
export function readCodePolicy(
  config: Config,
  environment: string,
): CodePolicy {
  const key = `terraform.environments.${environment}`;
  const listed = /^[A-Za-z0-9_-]+$/.test(environment)
    ? config.getOptionalStringArray(`${key}.allowPlanTimeCode`) ?? []
    : [];
  return {
    environment,
    key,
    allowed: listed.filter((x): x is PlanTimeCode =>
      (PLAN_TIME_CODE as readonly string[]).includes(x),
    ),
  };
}

/**
 * How terraform:apply runs the CLI (`terraform.binary`, `flavour`,
 * `environment.passThrough`, `pluginCacheDir`, `timeouts`), read from the
 * same keys with the same defaults, so a drift check is contained the same way.
 */
export function readCliSettings(config: Config): CliSettings {
  const root = config.getOptionalConfig('terraform');
  const binary = root?.getOptionalString('binary') ?? 'terraform';
  const flavour =
    root?.getOptionalString('flavour') ??
    (path.basename(binary).endsWith('tofu') ? 'tofu' : 'terraform');
  if (flavour !== 'terraform' && flavour !== 'tofu') {
    throw new TypeError(
      `terraform.flavour must be terraform or tofu, got "${flavour}".`,
    );
  }
  return {
    binary,
    flavour,
    passThrough: root?.getOptionalStringArray('environment.passThrough') ?? [],
    pluginCacheDir: root?.getOptionalString('pluginCacheDir'),
    lockTimeoutSeconds:
      root?.getOptionalNumber('timeouts.lockTimeoutSeconds') ?? 0,
    cancelGraceMs:
      (root?.getOptionalNumber('timeouts.cancelGraceSeconds') ?? 60) * 1000,
  };
}
