import { parse } from 'yaml';
import { WorkloadError } from './workload/errors';

/**
 * What the renderer needs to know about one environment a service runs in.
 * The new-service template writes them to the service's
 * deploy/environments.yaml from the portal's groundwork.environments, so
 * the service's pipeline renders without asking the portal.
 */
export interface WorkloadEnvironment {
  name: string;
  production: boolean;
  /**
   * Where it runs: an AWS account, a GCP project or an Azure subscription
   * (`account`), and the region (Azure's location).
   */
  cloud: {
    provider: CloudProvider;
    account: string;
    region: string;
  };
  /**
   * Azure only: the service's own key vault in this environment
   * (azure-baseline's key_vault_name), which its secrets and the outputs
   * its infrastructure publishes live in.
   */
  keyVault?: string;
  /**
   * The host name the service is served under there, when workload.yaml
   * declares a route: <service>.<the zone its external-dns manages>, or
   * production's own name (module-factory:resolve).
   */
  hostname?: string;
  /**
   * The address range of the environment's network, which the database
   * lives in; without it the database rule allows the private ranges of
   * RFC 1918.
   */
  networkCidr?: string;
}

export type CloudProvider = 'aws' | 'gcp' | 'azure';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// Azure's rule for key vault names: 3-24 letters, digits and '-', starting
// with a letter, no '--', not ending with '-'.
const KEY_VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** Each cloud's account and region, as its own tools spell them. */
const CLOUD_RULES: Record<
  CloudProvider,
  { account: RegExp; accountIs: string; region: RegExp; regionIs: string }
> = {
  aws: {
    account: /^\d{12}$/,
    accountIs: 'a 12-digit AWS account id',
    region: /^[a-z]{2}(-gov)?-[a-z]+-\d$/,
    regionIs: 'an AWS region such as eu-west-1',
  },
  gcp: {
    account: /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/,
    accountIs: 'a GCP project id such as acme-prod',
    region: /^[a-z]+-[a-z]+\d$/,
    regionIs: 'a GCP region such as europe-west1',
  },
  azure: {
    account: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    accountIs: 'an Azure subscription id (a GUID)',
    region: /^[a-z]+[a-z0-9]*$/,
    regionIs: 'an Azure location such as westeurope',
  },
};
/** Reads deploy/environments.yaml; throws a WorkloadError naming each bad entry. */
export function parseEnvironments(
  text: string,
  source = 'deploy/environments.yaml',
): WorkloadEnvironment[] {
  let document: any;
  try {
    document = parse(text, { maxAliasCount: 0 });
  } catch (e) {
    throw new WorkloadError(
      [`it is not YAML: ${(e as Error).message.split('\n')[0]}`],
      source,
    );
  }
  const list = document?.environments;
  if (!Array.isArray(list) || list.length === 0) {
    throw new WorkloadError(
      ['it must hold a non-empty list under environments:'],
      source,
    );
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const environments = list.map((e: any, i: number): WorkloadEnvironment => {
    const where = `environments[${i}]`;
    const name = String(e?.name ?? '');
    if (!DNS_LABEL.test(name)) {
      problems.push(`${where}.name "${name}" must be a DNS label such as dev`);
    } else if (seen.has(name)) {
      problems.push(`${where}.name "${name}" is listed twice`);
    }
    seen.add(name);
    const cloud = e?.cloud ?? {};
    const provider = cloud.provider as CloudProvider;
    const rules = Object.hasOwn(CLOUD_RULES, provider)
      ? CLOUD_RULES[provider]
      : undefined;
    if (!rules) {
      problems.push(
        `${where}.cloud.provider "${cloud.provider}" must be aws, gcp or azure`,
      );
    } else {
      if (!rules.account.test(String(cloud.account ?? ''))) {
        problems.push(`${where}.cloud.account must be ${rules.accountIs}`);
      }
      if (!rules.region.test(String(cloud.region ?? ''))) {
        problems.push(`${where}.cloud.region must be ${rules.regionIs}`);
      }
    }
    if (provider === 'azure' && !KEY_VAULT_NAME.test(String(e?.keyVault))) {
      problems.push(
        `${where}.keyVault must name the service's key vault in ${name} (azure-baseline's key_vault_name: 3-24 letters, digits and '-')`,
      );
    } else if (provider !== 'azure' && e?.keyVault !== undefined) {
      problems.push(
        `${where}.keyVault is for Azure; ${name} runs on ${cloud.provider}: remove it`,
      );
    }
    if (e?.hostname !== undefined && !HOST_NAME.test(String(e.hostname))) {
      problems.push(
        `${where}.hostname must be a host name such as payments.example.com`,
      );
    }
    if (
      e?.networkCidr !== undefined &&
      !IPV4_CIDR.test(String(e.networkCidr))
    ) {
      problems.push(
        `${where}.networkCidr must be an IPv4 range such as 10.40.0.0/16`,
      );
    }
    return {
      name,
      production: e?.production === true,
      cloud: {
        provider,
        account: String(cloud.account ?? ''),
        region: String(cloud.region ?? ''),
      },
      ...(provider === 'azure' ? { keyVault: String(e.keyVault) } : {}),
      ...(e?.networkCidr ? { networkCidr: String(e.networkCidr) } : {}),
      ...(e?.hostname ? { hostname: String(e.hostname) } : {}),
    };
  });
  if (problems.length > 0) throw new WorkloadError(problems, source);
  return environments;
}
