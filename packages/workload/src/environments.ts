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
  cloud: {
    provider: 'aws';
    account: string;
    region: string;
  };
  /**
   * The address range of the environment's network, which the database
   * lives in; without it the database rule allows the private ranges of
   * RFC 1918.
   */
  networkCidr?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const AWS_ACCOUNT = /^\d{12}$/;
const AWS_REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

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
    if (cloud.provider !== 'aws') {
      problems.push(
        `${where}.cloud.provider "${cloud.provider}": workloads render for aws only so far (GCP and Azure follow the same contract)`,
      );
    }
    if (!AWS_ACCOUNT.test(String(cloud.account ?? ''))) {
      problems.push(`${where}.cloud.account must be a 12-digit AWS account id`);
    }
    if (!AWS_REGION.test(String(cloud.region ?? ''))) {
      problems.push(
        `${where}.cloud.region must be an AWS region such as eu-west-1`,
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
        provider: 'aws',
        account: String(cloud.account ?? ''),
        region: String(cloud.region ?? ''),
      },
      ...(e?.networkCidr ? { networkCidr: String(e.networkCidr) } : {}),
    };
  });
  if (problems.length > 0) throw new WorkloadError(problems, source);
  return environments;
}
