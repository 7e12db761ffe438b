import type { CloudProvider } from '../environments';

/**
 * A service's needs as Groundwork reads them from its `workload.yaml`: the
 * part of a Score workload that the platform fulfils, checked and typed.
 */
export interface Workload {
  /** `metadata.name`: the service, its namespace and its Deployment. */
  name: string;
  /** The one container the service's Deployment runs (`app`). */
  container: {
    /** Environment variables, in the order written; values may hold placeholders. */
    variables: Array<{ name: string; value: string }>;
  };
  resources: WorkloadResource[];
}

/** Where an egress rule lets the service's pods connect. */
export type EgressDestination =
  | { kind: 'host'; host: string }
  | { kind: 'cidr'; cidr: string }
  | { kind: 'service'; service: string };

/**
 * The resource types Groundwork provisions, by Score `type`. Each has a
 * fixed set of outputs a variable can name (`${resources.<id>.<output>}`).
 */
export type WorkloadResource =
  | { id: string; type: 'secret' }
  | { id: string; type: 'postgres' }
  | { id: string; type: 's3' }
  | { id: string; type: 'gcs' }
  | { id: string; type: 'azure-blob' }
  /**
   * A queue with its dead letters: SQS (aws-queue), Pub/Sub (gcp-queue) or
   * Service Bus (azure-queue), by the environment's cloud.
   */
  | { id: string; type: 'queue' }
  | {
      id: string;
      type: 'egress';
      destination: EgressDestination;
      port: number;
      protocol: 'TCP' | 'UDP';
    }
  | { id: string; type: 'metrics'; path: string; dashboard: boolean }
  | { id: string; type: 'traces' }
  /**
   * Exposure: the service served over HTTPS under each environment's host
   * name (deploy/environments.yaml), from `path`.
   */
  | { id: string; type: 'route'; path: string };

export type ResourceType = WorkloadResource['type'];

/**
 * A queue's outputs on each cloud, as its client libraries take them: SQS's
 * URL and name; Pub/Sub's topic (`name`) and subscription, as resource names
 * projects/<project>/topics/<topic>; Service Bus's queue (`name`) and fully
 * qualified namespace <namespace>.servicebus.windows.net.
 */
export const QUEUE_OUTPUTS: Record<CloudProvider, readonly string[]> = {
  aws: ['url', 'name'],
  gcp: ['name', 'subscription'],
  azure: ['name', 'namespace'],
};

/**
 * The outputs of each type, as `${resources.<id>.<output>}` names them; a
 * queue's are those of any cloud here, and the environment's cloud's alone
 * when it is rendered (QUEUE_OUTPUTS).
 */
export const RESOURCE_OUTPUTS: Record<ResourceType, readonly string[]> = {
  secret: ['value'],
  postgres: ['host', 'port', 'name', 'username'],
  s3: ['name', 'region'],
  gcs: ['name'],
  'azure-blob': ['account', 'container', 'endpoint'],
  queue: ['url', 'name', 'subscription', 'namespace'],
  egress: [],
  metrics: [],
  traces: [],
  route: [],
};
