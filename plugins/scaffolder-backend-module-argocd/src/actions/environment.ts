import { InputError } from '@backstage/errors';
import type {
  GroundworkEnvironment,
  GroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';

/** The step's environment, or an InputError naming the configured ones. */
export function requireEnvironment(
  environments: GroundworkEnvironments,
  name: string,
): GroundworkEnvironment {
  const environment = environments.find(name);
  if (!environment) {
    throw new InputError(
      `Unknown environment "${name}"; configured environments are ${environments.environments
        .map(e => e.name)
        .join(', ')} (groundwork.environments in app-config).`,
    );
  }
  return environment;
}
