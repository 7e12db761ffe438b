import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  GroundworkEnvironment,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';

/**
 * The named environments from groundwork.environments, in configured order,
 * or an InputError naming the configured ones.
 */
export function pickEnvironments(
  config: Config,
  names: readonly string[] | undefined,
): { environments: GroundworkEnvironment[]; currency: string } {
  const all = readGroundworkEnvironments(config);
  if (!names || names.length === 0) {
    return { environments: all.environments, currency: all.currency };
  }
  const unknown = names.filter(n => !all.find(n));
  if (unknown.length) {
    throw new InputError(
      `Unknown environment${unknown.length > 1 ? 's' : ''} ${unknown
        .map(n => `"${n}"`)
        .join(', ')}; the configured environments are ${all.environments
        .map(e => e.name)
        .join(', ')} (groundwork.environments in app-config).`,
    );
  }
  const chosen = new Set(names);
  return {
    environments: all.environments.filter(e => chosen.has(e.name)),
    currency: all.currency,
  };
}
