import type { Config } from '@backstage/config';
import { readGroundworkPermissionsConfig } from '@groundwork/plugin-groundwork-node';

/** What the portal loads from its configuration, as the start line reports it. */
interface PortalDescription {
  /** Whether `auth.providers.guest` is configured, so the guest provider is installed. */
  guestConfigured: boolean;
  /** The one line the backend logs at start. */
  line: string;
}

/**
 * Backstage's guest provider issues tokens only when NODE_ENV is development,
 * or when `dangerouslyAllowOutsideDevelopment` says otherwise.
 */
function guestIssuesTokens(config: Config, nodeEnv: string | undefined) {
  return (
    nodeEnv === 'development' ||
    config.getOptionalBoolean(
      'auth.providers.guest.dangerouslyAllowOutsideDevelopment',
    ) === true
  );
}

function signInProviders(config: Config, nodeEnv: string | undefined) {
  const providers = config.getOptionalConfig('auth.providers')?.keys() ?? [];
  if (providers.length === 0) return 'none (nobody can sign in)';
  return providers
    .map(id => {
      if (id !== 'guest' || guestIssuesTokens(config, nodeEnv)) return id;
      return `guest (refuses to sign anyone in: NODE_ENV is ${
        nodeEnv ?? 'unset'
      })`;
    })
    .join(', ');
}

function catalogLocations(config: Config) {
  const locations = config.getOptionalConfigArray('catalog.locations') ?? [];
  if (locations.length === 0) return 'none';
  return locations
    .map(l => `${l.getString('type')} ${l.getString('target')}`)
    .join(', ');
}

function policyGroups(config: Config) {
  if (!config.getOptionalBoolean('permission.enabled')) {
    return 'permissions disabled (every request is allowed)';
  }
  const groups = readGroundworkPermissionsConfig(config);
  const list = (refs: string[]) => refs.join(', ') || 'nobody';
  return `administrators ${list(groups.adminGroups)}, approvers ${list(
    groups.approverGroups,
  )}, production ${list(groups.productionGroups)}`;
}

/**
 * Says in one line what a security reviewer asks first of a running portal:
 * who can sign in, where the catalog comes from, and who holds which role.
 */
export function describePortal(
  config: Config,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): PortalDescription {
  return {
    guestConfigured: config.has('auth.providers.guest'),
    line: `Groundwork portal (NODE_ENV=${
      nodeEnv ?? 'unset'
    }): sign-in providers: ${signInProviders(
      config,
      nodeEnv,
    )}; catalog locations: ${catalogLocations(
      config,
    )}; permission policy groups: ${policyGroups(config)}.`,
  };
}
