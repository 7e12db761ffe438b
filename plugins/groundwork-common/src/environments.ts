import type { Config } from '@backstage/config';

export interface GroundworkEnvironment {
  name: string;
  title: string;
  /** Position in the configured list: dev before staging before prod. */
  order: number;
  production: boolean;
  monthlyBudget?: number;
  argocdInstance?: string;
  /** How the environment's own cluster gets its add-ons delivered. */
  delivery?: EnvironmentDelivery;
  /** DNS zone its external-dns manages (`dev.example.com`); public services get `<name>.<dnsZone>`. */
  dnsZone?: string;
  cloud?: {
    provider: 'aws' | 'gcp' | 'azure';
    account: string;
    region?: string;
    /** GCP: the billing account services' budgets are set on. */
    billingAccount?: string;
  };
}

const GCP_BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;

/**
 * `in-cluster`: the environment template installs Argo CD into the new
 * cluster, which then syncs its own add-ons. `central`: the template
 * registers the new cluster with the environment's `argocdInstance`, whose
 * add-on Applications then target it. Central Argo CD reaches the cluster
 * keylessly, as the identity named here (granted by the cluster layer), so
 * no credential crosses the portal.
 */
export interface EnvironmentDelivery {
  mode: 'in-cluster' | 'central';
  /** AWS: IAM role the central Argo CD assumes (IRSA) to reach EKS. */
  awsRoleArn?: string;
  /** GCP: service account the central Argo CD runs as (Workload Identity). */
  gcpServiceAccount?: string;
  /** Azure: the central Argo CD's managed identity (workload identity). */
  azureIdentity?: { clientId: string; principalId: string; tenantId: string };
}

export interface GroundworkEnvironments {
  currency: string;
  environments: GroundworkEnvironment[];
  /** The named environment, or undefined. */
  find(name: string): GroundworkEnvironment | undefined;
  /**
   * The named environment; throws a `TypeError` naming the configured ones
   * (callers turn it into their own `InputError`).
   */
  get(name: string): GroundworkEnvironment;
}

/** Used when `groundwork.environments` is not configured. */
export const DEFAULT_ENVIRONMENTS: ReadonlyArray<
  Omit<GroundworkEnvironment, 'order'>
> = [
  { name: 'dev', title: 'Development', production: false },
  { name: 'staging', title: 'Staging', production: false },
  { name: 'prod', title: 'Production', production: true },
];

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS name of lower-case labels with at least one dot, as external-dns takes in domainFilters. */
const DNS_ZONE =
  /^(?=.{1,200}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)+$/;

/** Whether `zone` is a DNS zone groundwork.environments[].dnsZone accepts. */
export function isValidDnsZone(zone: string): boolean {
  return DNS_ZONE.test(zone);
}

/**
 * Reads `groundwork.environments` (and `groundwork.currency`). Shared by the
 * front end and every back-end plugin so the environments are declared once.
 */
export function readGroundworkEnvironments(
  config: Config,
): GroundworkEnvironments {
  const root = config.getOptionalConfig('groundwork');
  const list = root?.getOptionalConfigArray('environments');
  const environments: GroundworkEnvironment[] = list
    ? list.map((c, order) => {
        const name = c.getString('name');
        if (!NAME.test(name)) {
          throw new TypeError(
            `groundwork.environments[${order}].name "${name}" must be lower-case letters, digits and '-' (at most 63), as it becomes a label value and a state key.`,
          );
        }
        const budget = c.getOptionalNumber('monthlyBudget');
        if (budget !== undefined && !(budget >= 0)) {
          throw new TypeError(
            `groundwork.environments[${order}].monthlyBudget must be a number of at least 0, got ${budget}.`,
          );
        }
        const cloud = c.getOptionalConfig('cloud');
        const provider = cloud?.getString('provider');
        if (provider && !['aws', 'gcp', 'azure'].includes(provider)) {
          throw new TypeError(
            `groundwork.environments[${order}].cloud.provider must be aws, gcp or azure, got "${provider}".`,
          );
        }
        const billingAccount = cloud?.getOptionalString('billingAccount');
        if (
          billingAccount !== undefined &&
          (provider !== 'gcp' || !GCP_BILLING_ACCOUNT.test(billingAccount))
        ) {
          throw new TypeError(
            `groundwork.environments[${order}].cloud.billingAccount is a GCP billing account id such as 01ABCD-23EF45-6789AB, for an environment on gcp; got ${JSON.stringify(
              billingAccount,
            )} on ${provider}.`,
          );
        }
        const dnsZone = c.getOptionalString('dnsZone');
        if (dnsZone !== undefined && !isValidDnsZone(dnsZone)) {
          throw new TypeError(
            `groundwork.environments[${order}].dnsZone ${JSON.stringify(
              dnsZone,
            )} must be a DNS zone in lower case, e.g. dev.example.com (at most 200 characters, so a service name still fits in front of it).`,
          );
        }
        return {
          name,
          title: c.getOptionalString('title') ?? name,
          order,
          production: c.getOptionalBoolean('production') ?? false,
          monthlyBudget: budget,
          argocdInstance: c.getOptionalString('argocdInstance'),
          delivery: readDelivery(c, order),
          ...(dnsZone !== undefined && { dnsZone }),
          cloud: cloud && {
            provider: provider as 'aws' | 'gcp' | 'azure',
            account: cloud.getString('account'),
            region: cloud.getOptionalString('region'),
            ...(billingAccount !== undefined && { billingAccount }),
          },
        };
      })
    : DEFAULT_ENVIRONMENTS.map((e, order) => ({ ...e, order }));
  const byName = new Map<string, GroundworkEnvironment>();
  for (const env of environments) {
    if (byName.has(env.name)) {
      throw new TypeError(
        `groundwork.environments lists "${env.name}" twice; each environment needs a unique name.`,
      );
    }
    byName.set(env.name, env);
  }
  return {
    currency: root?.getOptionalString('currency') ?? 'USD',
    environments,
    find: name => byName.get(name),
    get(name) {
      const env = byName.get(name);
      if (!env) {
        throw new TypeError(
          `Unknown environment "${name}"; configured environments are ${environments
            .map(e => e.name)
            .join(', ')} (groundwork.environments in app-config).`,
        );
      }
      return env;
    },
  };
}

/** `groundwork.environments[].delivery`; `central` when absent, as before. */
function readDelivery(c: Config, order: number): EnvironmentDelivery {
  const d = c.getOptionalConfig('delivery');
  const mode = d?.getOptionalString('mode') ?? 'central';
  if (mode !== 'in-cluster' && mode !== 'central') {
    throw new TypeError(
      `groundwork.environments[${order}].delivery.mode must be in-cluster or central, got "${mode}".`,
    );
  }
  const azure = d?.getOptionalConfig('azureIdentity');
  return {
    mode,
    ...(d?.has('awsRoleArn') && { awsRoleArn: d.getString('awsRoleArn') }),
    ...(d?.has('gcpServiceAccount') && {
      gcpServiceAccount: d.getString('gcpServiceAccount'),
    }),
    ...(azure && {
      azureIdentity: {
        clientId: azure.getString('clientId'),
        principalId: azure.getString('principalId'),
        tenantId: azure.getString('tenantId'),
      },
    }),
  };
}

/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** An Argo CD destination cluster: by API server URL or by registered name. */
export type ArgoCdCluster = { server: string } | { name: string };

/**
 * Where an environment's Argo CD instance reaches the environment's
 * cluster. `in-cluster`: the environment's own Argo CD, in that cluster.
 * `central`: the cluster the environment template registered with the
 * central instance (argocd:register-cluster), named `platform-<env>`.
 */
export function argocdClusterOf(env: GroundworkEnvironment): ArgoCdCluster {
  return env.delivery?.mode === 'in-cluster'
    ? { server: IN_CLUSTER_SERVER }
    : { name: `platform-${env.name}` };
}

/** `groundwork.persona.argocd.project` when unset: one AppProject per team and environment. */
export const DEFAULT_TEAM_PROJECT = '{team}-{environment}';

/**
 * The pattern of a team's AppProject in an environment
 * (`groundwork.persona.argocd.project`): the service templates put each
 * service there, onboarding grants the team's personas on it, and the
 * access reconciler binds the team in the namespaces it lists. One key, so
 * the three cannot drift apart.
 */
export function readTeamProjectPattern(config: Config): string {
  return (
    config.getOptionalString('groundwork.persona.argocd.project') ??
    DEFAULT_TEAM_PROJECT
  );
}

/**
 * Fills `{team}` and `{environment}` of the pattern. A Group's name may hold
 * capitals, dots and underscores, which no AppProject name (a Kubernetes
 * object name) may: the team goes in lower case, with '-' for the rest.
 */
export function teamProjectName(
  pattern: string,
  team: string,
  environment: string,
): string {
  const name = team
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return pattern
    .replace(/\{team\}/g, name)
    .replace(/\{environment\}/g, environment);
}

/**
 * A service's Argo CD placement in `env`: its Application's destination
 * (its namespace on the environment's cluster), and its owning team's
 * AppProject there, to which the service adds that destination (and its
 * repository): every service of the team in the environment shares it.
 */
export function serviceArgocdPlacement(options: {
  environment: GroundworkEnvironment;
  namespace: string;
  /** The owning team (the Group's name). */
  team: string;
  /** `readTeamProjectPattern`. */
  projectPattern: string;
}): {
  destination: ArgoCdCluster & { namespace: string };
  project: string;
  projectDestinations: Array<ArgoCdCluster & { namespace: string }>;
} {
  const { environment, namespace } = options;
  const destination = { ...argocdClusterOf(environment), namespace };
  return {
    destination,
    project: teamProjectName(
      options.projectPattern,
      options.team,
      environment.name,
    ),
    projectDestinations: [destination],
  };
}
