import type {
  StandInRequest,
  StandInResponse,
} from '../contract/ContractServer';

/**
 * A cluster as Argo CD stores it (`v1alpha1Cluster`, plain JSON): the API
 * server URL, a unique-per-server entry with a name, and how to reach it.
 */
interface StoredCluster {
  server: string;
  name: string;
  config?: Record<string, any>;
  namespaces?: string[];
  clusterResources?: boolean;
  project?: string;
  shard?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** An RBAC rule that refuses on `clusters`: object `[project/]server`, globs allowed. */
interface ClusterDenyRule {
  action: 'get' | 'create' | 'update';
  object?: string;
}

type ErrorResponse = (status: number, message: string) => StandInResponse;

const RBAC_SUBJECT = 'sub: groundwork, iat: 2026-11-22T00:00:00Z';

/**
 * The cluster operations of Argo CD's API server, as `server/cluster/cluster.go`
 * (argo-cd v3) answers them:
 * - `Get` of a cluster that does not exist is a 403 "permission denied", as
 *   is a refused `get` (`getClusterWith403IfNotExist`), so the API never tells
 *   whether a cluster is registered; `List` leaves out what the caller may
 *   not see.
 * - `Create` checks `clusters, create, [project/]server`, then contacts the
 *   cluster (`GetServerVersion`) before storing anything: an unreachable
 *   cluster fails the request. An identical existing entry is returned as
 *   is; a different one is a 400 unless `upsert`, which updates it (and
 *   needs `clusters, update`).
 * - Every answer hides credentials (`toAPIResponse`): no bearer token,
 *   password or key, and the exec provider's args and env are blanked.
 *
 * It shares `clusters` with the application checks, so an Application can
 * target a cluster once it is registered.
 */
export class ClusterApi {
  private readonly stored = new Map<string, StoredCluster>();
  private readonly denyRules: ClusterDenyRule[] = [];

  constructor(
    private readonly destinations: Array<{ name: string; server: string }>,
    private readonly options: {
      error: ErrorResponse;
      /** API servers that do not answer, as if private or not up yet. */
      unreachableServers?: string[];
    },
  ) {
    for (const c of destinations) this.stored.set(c.server, { ...c });
  }

  /** Adds an RBAC deny rule on clusters for every token. */
  deny(rule: ClusterDenyRule) {
    this.denyRules.push(rule);
  }

  /**
   * Whether RBAC allows `clusters, <action>, <object>`: for the checks other
   * services make on clusters (a project update adding a destination).
   */
  allows(action: ClusterDenyRule['action'], object: string): boolean {
    return !this.denied(action, { server: object, name: '' });
  }

  /** A cluster as stored, credentials included (for tests), or undefined. */
  cluster(server: string): StoredCluster | undefined {
    const c = this.stored.get(server);
    return c && clone(c);
  }

  list(request: StandInRequest): StandInResponse {
    const server = request.query.get('server');
    const name = request.query.get('name');
    const items = [...this.stored.values()]
      .filter(c => !server || c.server === server)
      .filter(c => !name || c.name === name)
      .filter(c => !this.denied('get', c))
      .map(c => this.toApiResponse(c));
    return { status: 200, body: { metadata: {}, items } };
  }

  get(request: StandInRequest): StandInResponse {
    const found = this.find(request);
    if (!found || this.denied('get', found)) {
      return this.options.error(
        403,
        'error verifying access to update cluster: failed to get cluster with permissions check: permission denied',
      );
    }
    return { status: 200, body: this.toApiResponse(found) };
  }

  create(request: StandInRequest): StandInResponse {
    const cluster = clone(request.body ?? {}) as StoredCluster;
    const upsert = request.query.get('upsert') === 'true';
    if (this.denied('create', cluster)) {
      return this.options.error(
        403,
        `permission denied while creating cluster: permission denied: clusters, create, ${rbacObject(
          cluster,
        )}, ${RBAC_SUBJECT}`,
      );
    }
    if (!cluster.server) {
      // RESTConfig() of an empty host fails before anything is stored.
      return this.options.error(
        500,
        'error getting REST config: host must be a URL or a host:port pair',
      );
    }
    if ((this.options.unreachableServers ?? []).includes(cluster.server)) {
      return this.options.error(
        500,
        `error getting server version: Get "${cluster.server}/version?timeout=32s": dial tcp: i/o timeout`,
      );
    }
    const existing = this.stored.get(cluster.server);
    if (existing && !equalClusters(existing, cluster)) {
      if (!upsert) {
        return this.options.error(
          400,
          `existing cluster spec is different; use upsert flag to force update`,
        );
      }
      if (this.denied('update', existing) || this.denied('update', cluster)) {
        return this.options.error(
          403,
          'failed to verify access for updating cluster: failed to get cluster with permissions check: permission denied',
        );
      }
    }
    if (!existing || !equalClusters(existing, cluster)) {
      this.stored.set(cluster.server, cluster);
      const destination = this.destinations.find(
        d => d.server === cluster.server,
      );
      if (destination) destination.name = cluster.name;
      else
        this.destinations.push({ name: cluster.name, server: cluster.server });
    }
    return {
      status: 200,
      body: this.toApiResponse(this.stored.get(cluster.server)!),
    };
  }

  /** `id.value` is the server URL unless `id.type` says name (or name_escaped). */
  private find(request: StandInRequest): StoredCluster | undefined {
    const value = request.pathParams['id.value'];
    const type = request.query.get('id.type');
    if (type === 'name' || type === 'name_escaped') {
      const name = type === 'name' ? value : decodeURIComponent(value);
      return [...this.stored.values()].find(c => c.name === name);
    }
    return this.stored.get(value);
  }

  private denied(action: ClusterDenyRule['action'], cluster: StoredCluster) {
    const object = rbacObject(cluster);
    return this.denyRules.some(
      r =>
        r.action === action &&
        new RegExp(
          `^${(r.object ?? '*')
            .split('*')
            .map(s => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
            .join('.*')}$`,
        ).test(object),
    );
  }

  private toApiResponse(cluster: StoredCluster) {
    const out = clone(cluster) as StoredCluster & Record<string, unknown>;
    const config = (out.config ??= {});
    delete config.password;
    delete config.bearerToken;
    if (config.tlsClientConfig) delete config.tlsClientConfig.keyData;
    if (config.execProviderConfig) {
      config.execProviderConfig.env = {};
      delete config.execProviderConfig.args;
    }
    const connectionState = {
      status: 'Successful',
      modifiedAt: '2026-11-22T00:00:00Z',
    };
    out.info = { serverVersion: '1.31', connectionState };
    out.serverVersion = '1.31';
    out.connectionState = connectionState;
    return out;
  }
}

/** `CreateClusterRBACObject`: `project/server`, or the server alone. */
function rbacObject(cluster: StoredCluster) {
  return cluster.project
    ? `${cluster.project}/${cluster.server}`
    : cluster.server;
}

/** What `Cluster.Equals` compares (not the project). */
function equalClusters(a: StoredCluster, b: StoredCluster) {
  const pick = (c: StoredCluster) => ({
    server: c.server,
    name: c.name,
    namespaces: c.namespaces ?? [],
    clusterResources: c.clusterResources ?? false,
    shard: c.shard ?? null,
    config: c.config ?? {},
    labels: c.labels ?? {},
    annotations: c.annotations ?? {},
  });
  return canonical(pick(a)) === canonical(pick(b));
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}
