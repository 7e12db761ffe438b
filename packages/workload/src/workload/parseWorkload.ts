import { parse } from 'yaml';
import { scoreProblems } from '../scoreSchema';
import { WorkloadError } from './errors';
import { parsePlaceholders } from './placeholders';
import {
  EgressDestination,
  RESOURCE_OUTPUTS,
  ResourceType,
  Workload,
  WorkloadResource,
} from './types';

/** The container name of every Groundwork service's Deployment. */
export const CONTAINER_NAME = 'app';

/** Variables the service's manifests already set, which workload.yaml may not replace. */
const RESERVED_VARIABLES = new Set(['PORT', 'ENVIRONMENT', 'AWS_REGION']);

// Kubernetes' rule for environment variable names (validation.IsEnvVarName).
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const IPV4_CIDR =
  /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/(3[0-2]|[12]?\d)$/;
const URL_PATH = /^\/[A-Za-z0-9._~\-/]*$/;

const TYPES: readonly ResourceType[] = Object.keys(
  RESOURCE_OUTPUTS,
) as ResourceType[];

/** Each cloud's bucket: s3 (AWS), gcs (GCP), azure-blob (Azure). */
const BUCKET_TYPES: readonly ResourceType[] = ['s3', 'gcs', 'azure-blob'];

/** The types only one resource of which the service's infrastructure provides. */
const AT_MOST_ONE: readonly ResourceType[] = [
  'postgres',
  's3',
  'gcs',
  'azure-blob',
  'queue',
  'metrics',
  'traces',
  'route',
];

/**
 * Reads a service's workload.yaml: Score v1b1 first (its own schema), then
 * the subset Groundwork fulfils (one container named `app` running the
 * image CI builds, the resource types of RESOURCE_OUTPUTS with their
 * params, placeholders that name real outputs). Throws a WorkloadError
 * listing every problem; `serviceName`, when given, must match
 * `metadata.name`.
 */
export function parseWorkload(text: string, serviceName?: string): Workload {
  let document: any;
  try {
    document = parse(text, { maxAliasCount: 0 });
  } catch (e) {
    throw new WorkloadError([
      `it is not YAML: ${(e as Error).message.split('\n')[0]}`,
    ]);
  }
  const schema = scoreProblems(document);
  if (schema.length > 0) throw new WorkloadError(schema);

  const problems: string[] = [];
  const name: string = document.metadata.name;
  if (serviceName !== undefined && name !== serviceName) {
    problems.push(
      `metadata.name is "${name}", but this repository's service is "${serviceName}": the name picks the namespace, Deployment and secrets, so it cannot change here`,
    );
  }

  const resources = parseResources(document.resources ?? {}, problems);
  const containers = Object.entries<any>(document.containers);
  if (containers.length !== 1 || containers[0][0] !== CONTAINER_NAME) {
    problems.push(
      `containers must hold exactly one container, named "${CONTAINER_NAME}" (found ${containers
        .map(([n]) => `"${n}"`)
        .join(', ')}): the service's Deployment runs one`,
    );
  }
  const container = containers.find(([n]) => n === CONTAINER_NAME)?.[1] ?? {};
  if (container.image !== undefined && container.image !== '.') {
    problems.push(
      `containers.${CONTAINER_NAME}.image must be "." (the image this repository's CI builds and the overlay pins), not "${container.image}"`,
    );
  }
  for (const field of ['command', 'args', 'files', 'volumes', 'before']) {
    if (container[field] !== undefined) {
      problems.push(
        `containers.${CONTAINER_NAME}.${field} is Score, but Groundwork does not render it: the Dockerfile and deploy/base own the container; remove it`,
      );
    }
  }

  const variables = Object.entries<string>(container.variables ?? {}).map(
    ([key, value]) => ({ name: key, value: String(value) }),
  );
  for (const v of variables) {
    checkVariable(v, name, resources, problems);
  }

  if (problems.length > 0) throw new WorkloadError(problems);
  return { name, container: { variables }, resources };
}

function checkVariable(
  v: { name: string; value: string },
  workloadName: string,
  resources: WorkloadResource[],
  problems: string[],
) {
  const where = `containers.${CONTAINER_NAME}.variables.${v.name}`;
  if (!ENV_VAR_NAME.test(v.name)) {
    problems.push(
      `${where}: "${v.name}" is not an environment variable name Kubernetes accepts (letters, digits, '_', '-', '.', not starting with a digit)`,
    );
  }
  if (RESERVED_VARIABLES.has(v.name) || /^(GW_|OTEL_)/.test(v.name)) {
    problems.push(
      `${where}: ${v.name} is set by the platform (deploy/base, each overlay's config, GW_* for resource outputs, OTEL_* for a traces resource); choose another name`,
    );
  }
  const { parts, problems: placeholderProblems } = parsePlaceholders(
    v.value,
    workloadName,
  );
  problems.push(...placeholderProblems.map(p => `${where}: ${p}`));
  for (const part of parts) {
    if (part.kind !== 'output') continue;
    const resource = resources.find(r => r.id === part.resource);
    if (!resource) {
      problems.push(
        `${where}: \${resources.${part.resource}.${
          part.output
        }} names no resource; declared: ${
          resources.map(r => r.id).join(', ') || 'none'
        }`,
      );
    } else if (!RESOURCE_OUTPUTS[resource.type].includes(part.output)) {
      const outputs = RESOURCE_OUTPUTS[resource.type];
      problems.push(
        `${where}: a ${resource.type} resource has no output "${
          part.output
        }"; ${outputs.length ? `it has ${outputs.join(', ')}` : 'it has none'}`,
      );
    }
  }
}

function parseResources(
  declared: Record<string, any>,
  problems: string[],
): WorkloadResource[] {
  const resources: WorkloadResource[] = [];
  for (const [id, spec] of Object.entries(declared)) {
    const where = `resources.${id}`;
    const type = spec.type as ResourceType;
    if (!TYPES.includes(type)) {
      problems.push(
        `${where}.type "${
          spec.type
        }" is not one Groundwork provisions; use one of ${TYPES.join(', ')}${
          spec.type === 'amqp'
            ? " (a message queue is type queue: SQS, Pub/Sub or Service Bus by the environment's cloud)"
            : ''
        }`,
      );
      continue;
    }
    if (spec.class !== undefined && spec.class !== 'default') {
      problems.push(
        `${where}.class "${spec.class}": Groundwork has one class per type; remove class`,
      );
    }
    if (!DNS_LABEL.test(id)) {
      problems.push(
        `${where}: the resource name "${id}" must be lower-case letters, digits and '-' (it names a Kubernetes Secret)`,
      );
    }
    const parsed = parseResource(id, type, spec.params ?? {}, where, problems);
    if (parsed) resources.push(parsed);
  }
  for (const type of AT_MOST_ONE) {
    const ids = resources.filter(r => r.type === type).map(r => r.id);
    if (ids.length > 1) {
      problems.push(
        `resources ${ids.join(
          ', ',
        )} are all ${type}: the service's infrastructure provides one; declare it once and use its outputs everywhere`,
      );
    }
  }
  const buckets = resources.filter(r => BUCKET_TYPES.includes(r.type));
  if (new Set(buckets.map(r => r.type)).size > 1) {
    problems.push(
      `resources ${buckets
        .map(r => `${r.id} (${r.type})`)
        .join(
          ', ',
        )}: a service's environments share one cloud, whose infrastructure provides one bucket; keep the one of that cloud`,
    );
  }
  return resources;
}

function parseResource(
  id: string,
  type: ResourceType,
  params: Record<string, unknown>,
  where: string,
  problems: string[],
): WorkloadResource | undefined {
  const allowed: Record<ResourceType, string[]> = {
    secret: [],
    postgres: [],
    s3: [],
    gcs: [],
    'azure-blob': [],
    queue: [],
    egress: ['host', 'cidr', 'service', 'port', 'protocol'],
    metrics: ['path', 'dashboard'],
    traces: [],
    route: ['path'],
  };
  if (type === 'route' && ('host' in params || 'port' in params)) {
    problems.push(
      `${where}.params: a route's host is each environment's own (hostname in deploy/environments.yaml) and its port the Service's http port; give path only`,
    );
    return undefined;
  }
  const unknown = Object.keys(params).filter(k => !allowed[type].includes(k));
  if (unknown.length > 0) {
    problems.push(
      `${where}.params: ${unknown.join(', ')} ${
        unknown.length > 1 ? 'are' : 'is'
      } not a parameter of ${type}${
        allowed[type].length
          ? ` (it takes ${allowed[type].join(', ')})`
          : ' (it takes none)'
      }`,
    );
    return undefined;
  }
  switch (type) {
    case 'egress':
      return parseEgress(id, params, where, problems);
    case 'route': {
      const path = params.path ?? '/';
      if (typeof path !== 'string' || !URL_PATH.test(path)) {
        problems.push(
          `${where}.params.path must be a URL path such as / (letters, digits and ._~-/)`,
        );
        return undefined;
      }
      return { id, type, path };
    }
    case 'metrics': {
      const path = params.path ?? '/metrics';
      if (typeof path !== 'string' || !URL_PATH.test(path)) {
        problems.push(
          `${where}.params.path must be a URL path such as /metrics (letters, digits and ._~-/)`,
        );
        return undefined;
      }
      if (
        params.dashboard !== undefined &&
        typeof params.dashboard !== 'boolean'
      ) {
        problems.push(`${where}.params.dashboard must be true or false`);
        return undefined;
      }
      return { id, type, path, dashboard: params.dashboard !== false };
    }
    default:
      return { id, type } as WorkloadResource;
  }
}

function parseEgress(
  id: string,
  params: Record<string, unknown>,
  where: string,
  problems: string[],
): WorkloadResource | undefined {
  const given = (['host', 'cidr', 'service'] as const).filter(
    k => params[k] !== undefined,
  );
  if (given.length !== 1) {
    problems.push(
      `${where}.params needs exactly one of host (api.stripe.com), cidr (203.0.113.0/24) or service (another service in the cluster)`,
    );
    return undefined;
  }
  const port = params.port;
  if (
    !Number.isInteger(port) ||
    (port as number) < 1 ||
    (port as number) > 65535
  ) {
    problems.push(`${where}.params.port must be a port number from 1 to 65535`);
    return undefined;
  }
  const protocol = params.protocol ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP') {
    problems.push(`${where}.params.protocol must be TCP or UDP`);
    return undefined;
  }
  const value = String(params[given[0]]);
  let destination: EgressDestination;
  if (given[0] === 'host') {
    if (!HOST_NAME.test(value)) {
      problems.push(
        `${where}.params.host "${value}" is not a host name such as api.stripe.com (for an address range use cidr)`,
      );
      return undefined;
    }
    destination = { kind: 'host', host: value };
  } else if (given[0] === 'cidr') {
    if (!IPV4_CIDR.test(value)) {
      problems.push(
        `${where}.params.cidr "${value}" is not an IPv4 range such as 203.0.113.0/24`,
      );
      return undefined;
    }
    if (Number(value.split('/')[1]) < 8) {
      problems.push(
        `${where}.params.cidr ${value} opens most of the internet, which defeats the default deny; name the provider's published ranges (at least /8)`,
      );
      return undefined;
    }
    destination = { kind: 'cidr', cidr: value };
  } else {
    if (!DNS_LABEL.test(value)) {
      problems.push(
        `${where}.params.service "${value}" is not a service name (lower-case letters, digits and '-')`,
      );
      return undefined;
    }
    destination = { kind: 'service', service: value };
  }
  return {
    id,
    type: 'egress',
    destination,
    port: port as number,
    protocol: protocol as 'TCP' | 'UDP',
  };
}
