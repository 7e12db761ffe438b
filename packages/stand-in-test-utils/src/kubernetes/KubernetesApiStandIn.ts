import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  PolicyReportResource,
  POLICY_REPORT_RESOURCES,
  policyReportCrd,
  policyReportProblems,
} from './policyReportSchema';

/**
 * A bearer token the stand-in knows: whose it is, and which resources its
 * RBAC lets it `list` (what a ClusterRole with get/list on them grants).
 */
export interface KubernetesStandInIdentity {
  /** e.g. `system:serviceaccount:groundwork-system:groundwork-portal`. */
  user: string;
  canList: PolicyReportResource[];
}

export interface KubernetesStandInOptions {
  /** Bearer token to identity; any other token (or none) is answered 401. */
  tokens: Record<string, KubernetesStandInIdentity>;
}

/** A request as the stand-in answered it. */
export interface KubernetesCall {
  path: string;
  query: Record<string, string>;
  status: number;
}

const GROUP = 'wgpolicyk8s.io';
const VERSION = 'v1alpha2';

/** A `metav1.Status` failure, the body of every error the API server sends. */
function status(
  code: number,
  reason: string,
  message: string,
  extra: object = {},
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
    ...extra,
  };
}

/** etcd's key order: byte order of `<namespace>/<name>`. */
function byKey(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

// The token kube-apiserver hands out (k8s.io/apiserver/pkg/storage
// continue.go): base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"},
// opaque to clients.
const encodeContinue = (rv: number, start: string) =>
  Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString(
    'base64url',
  );

function decodeContinue(token: string): ContinueToken | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (t?.v === 'meta.k8s.io/v1' && Number.isInteger(t.rv) && t.rv > 0)
      return t;
  } catch {
    // answered below as the API server does: 400
  }
  return undefined;
}

/**
 * A local Kubernetes API server for the Kyverno policy report kinds
 * (`wgpolicyk8s.io/v1alpha2` PolicyReport and ClusterPolicyReport), for
 * collectors to list as they would a cluster. It behaves as kube-apiserver
 * does, checked against the Kubernetes documentation and source:
 *
 * - authentication (docs: reference/access-authn-authz/authentication, "Service
 *   account tokens"): a request without a bearer token, or with one it does not
 *   know, is answered 401 `Unauthorized` (anonymous access off, as on EKS, GKE
 *   and AKS by default);
 * - authorization (docs: reference/access-authn-authz/rbac; message from
 *   k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
 *   `forbiddenMessage`): a token whose RBAC does not allow `list` is answered
 *   403 `Forbidden` with a Status naming user, verb, resource and group;
 * - lists (docs: reference/using-api/api-concepts, "Retrieving large results
 *   sets in chunks"; k8s.io/apiserver/pkg/storage/etcd3/errors.go): kind
 *   `<Kind>List` with `apiVersion`, items in key order (namespace, name), each
 *   with its `apiVersion` and `kind`; `limit` cuts a page and
 *   `metadata.continue` (with `remainingItemCount`) resumes it from the same
 *   snapshot; a continue token older than the last compaction is answered
 *   410 `Expired`, with an inconsistent token in the Status's
 *   `metadata.continue`; a token that does not decode, 400 `BadRequest`;
 * - unknown paths 404 `NotFound`, other verbs 405 `MethodNotAllowed`.
 *
 * Every object it serves was held to its CRD (vendored from Kyverno v1.16.4,
 * `contracts/kyverno/`) when it was put: an invalid one is refused as the API
 * server's schema validation would refuse it.
 */
export class KubernetesApiStandIn {
  readonly calls: KubernetesCall[] = [];
  private server?: http.Server;
  private baseUrl?: string;
  /** The store's revision: bumped on every write, like etcd's. */
  private revision = 1;
  /** Snapshots a continue token may still read, by revision. */
  private readonly snapshots = new Map<number, Map<string, any[]>>();
  private compactedRevision = 0;
  private pagesServed = 0;
  private compactAt?: number;
  private readonly objects: Record<PolicyReportResource, Map<string, any>> = {
    policyreports: new Map(),
    clusterpolicyreports: new Map(),
  };

  constructor(private readonly options: KubernetesStandInOptions) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('The stand-in server is not started');
    return this.baseUrl;
  }

  /**
   * Creates or replaces a report as `kubectl apply` would; throws with the
   * schema's problems when its CRD does not accept it.
   */
  put(resource: PolicyReportResource, report: any) {
    const problems = policyReportProblems(resource, report);
    if (problems.length > 0) {
      throw new Error(
        `The API server would refuse this ${
          POLICY_REPORT_RESOURCES[resource].kind
        }: ${problems.join('; ')}`,
      );
    }
    this.revision += 1;
    const key = this.keyOf(report);
    const existing = this.objects[resource].get(key);
    this.objects[resource].set(key, {
      ...report,
      metadata: {
        ...report.metadata,
        uid:
          existing?.metadata.uid ??
          `00000000-0000-4000-8000-${String(this.revision).padStart(12, '0')}`,
        resourceVersion: String(this.revision),
        creationTimestamp:
          existing?.metadata.creationTimestamp ?? '2026-01-01T00:00:00Z',
      },
    });
  }

  delete(
    resource: PolicyReportResource,
    namespace: string | undefined,
    name: string,
  ) {
    this.revision += 1;
    this.objects[resource].delete(namespace ? `${namespace}/${name}` : name);
  }

  /**
   * Compacts the store (etcd does every 5 minutes): continue tokens handed
   * out before now are answered 410 Gone.
   */
  compact() {
    // Writes go on between compactions; what a token read is now older
    // than the oldest revision kept.
    this.revision += 1;
    this.compactedRevision = this.revision;
    this.snapshots.clear();
  }

  /** Compacts the store right after the `n`th list page it serves from now. */
  compactAfterPages(n: number) {
    this.compactAt = this.pagesServed + n;
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  private keyOf(report: any): string {
    return report.metadata.namespace
      ? `${report.metadata.namespace}/${report.metadata.name}`
      : report.metadata.name;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const reply = (code: number, body: unknown) => {
      this.calls.push({ path: url.pathname, query, status: code });
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };

    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(auth)?.[1];
    const identity = token ? this.options.tokens[token] : undefined;
    if (!identity) {
      reply(401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }

    const m =
      /^\/apis\/wgpolicyk8s\.io\/v1alpha2\/(?:namespaces\/([a-z0-9-]+)\/)?(policyreports|clusterpolicyreports)$/.exec(
        url.pathname,
      );
    const resource = m?.[2] as PolicyReportResource | undefined;
    const namespace = m?.[1];
    if (!m || !resource || (namespace && resource === 'clusterpolicyreports')) {
      reply(
        404,
        status(
          404,
          'NotFound',
          'the server could not find the requested resource',
          { details: {} },
        ),
      );
      return;
    }
    if (req.method !== 'GET') {
      reply(
        405,
        status(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
          { details: {} },
        ),
      );
      return;
    }
    if (!identity.canList.includes(resource)) {
      const where = namespace
        ? `in the namespace "${namespace}"`
        : 'at the cluster scope';
      reply(
        403,
        status(
          403,
          'Forbidden',
          `${resource}.${GROUP} is forbidden: User "${identity.user}" cannot list resource "${resource}" in API group "${GROUP}" ${where}`,
          { details: { group: GROUP, kind: resource } },
        ),
      );
      return;
    }
    this.list(resource, namespace, url.searchParams, reply);
  }

  private list(
    resource: PolicyReportResource,
    namespace: string | undefined,
    params: URLSearchParams,
    reply: (code: number, body: unknown) => void,
  ) {
    const crd = policyReportCrd(resource);
    const limitParam = params.get('limit');
    const limit = limitParam ? Number(limitParam) : 0;
    if (!Number.isInteger(limit) || limit < 0) {
      reply(400, status(400, 'BadRequest', `invalid limit: ${limitParam}`));
      return;
    }
    let rv = this.revision;
    let start = '';
    const cont = params.get('continue');
    if (cont) {
      const token = decodeContinue(cont);
      if (!token) {
        reply(
          400,
          status(
            400,
            'BadRequest',
            'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
          ),
        );
        return;
      }
      if (token.rv < this.compactedRevision || !this.snapshots.has(token.rv)) {
        reply(
          410,
          status(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
            {
              metadata: {
                continue: encodeContinue(this.revision, token.start),
              },
            },
          ),
        );
        return;
      }
      rv = token.rv;
      start = token.start;
    }
    // A page after the first reads the snapshot the first page saw.
    let snapshot = this.snapshots.get(rv);
    if (!snapshot) {
      snapshot = new Map(
        (Object.keys(this.objects) as PolicyReportResource[]).map(r => [
          r,
          [...this.objects[r].entries()]
            .sort(([a], [b]) => byKey(a, b))
            .map(([key, object]) => ({ key, object: structuredClone(object) })),
        ]),
      );
    }
    const all = (snapshot.get(resource) ?? []).filter(
      ({ key, object }) =>
        key > start && (!namespace || object.metadata.namespace === namespace),
    );
    const page = limit > 0 ? all.slice(0, limit) : all;
    const rest = all.length - page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (rest > 0) {
      this.snapshots.set(rv, snapshot);
      metadata.continue = encodeContinue(rv, page[page.length - 1].key);
      metadata.remainingItemCount = rest;
    }
    this.pagesServed += 1;
    if (this.pagesServed === this.compactAt) this.compact();
    reply(200, {
      kind: crd.listKind,
      apiVersion: `${crd.group}/${crd.version}`,
      metadata,
      items: page.map(p => ({
        apiVersion: `${GROUP}/${VERSION}`,
        kind: crd.kind,
        ...p.object,
      })),
    });
  }
}
