import { Config } from '@backstage/config';
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
