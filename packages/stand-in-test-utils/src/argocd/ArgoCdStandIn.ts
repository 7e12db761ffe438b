import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Contract } from '../contract/Contract';
import {
  ContractServer,
  Fault,
  RecordedCall,
  StandInRequest,
  StandInResponse,
} from '../contract/ContractServer';
import { contractPath } from '../vendored';
import { ClusterApi } from './clusters';
import { ArgoCdCrds } from './crds';
import { matchesLabelSelector, parseLabelSelector } from './labelSelector';
import {
  destinationPermitted,
  namespacePermitted,
  projectSpecProblem,
  repoPermitted,
  syncPermissionError,
} from './projectRules';
import { RolloutStep, rollouts } from './rollouts';

/** An Application or AppProject as the stand-in stores it (plain JSON). */
export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [key: string]: unknown;
  };
  spec: any;
  status?: any;
  [key: string]: unknown;
}

/** An RBAC rule that refuses: `p, <sub>, <resource>, <action>, <object>, deny`. */
export interface DenyRule {
  /** `repositories`: what a project update checks for each repository it adds. Clusters: `clusterApi.deny`. */
  resource: 'applications' | 'projects' | 'repositories';
  action: 'get' | 'create' | 'update' | 'delete' | 'sync';
  /** `project/name` for applications, the project name for projects, the URL for repositories; globs allowed. Default `*`. */
  object?: string;
}

export interface ArgoCdStandInOptions {
  /** Bearer tokens the API accepts. Default: `['argocd-test-token']`. */
  tokens?: string[];
  /** Local accounts for `POST /api/v1/session` (username to password). */
  accounts?: Record<string, string>;
  /** Clusters Argo CD knows. Default: the in-cluster one. */
  clusters?: Array<{ name: string; server: string }>;
  /** API servers Argo CD cannot reach: registering one fails (`ClusterService_Create`). */
  unreachableClusters?: string[];
  /** Namespace of the Argo CD control plane, where Applications live by default. */
  namespace?: string;
  /** Further namespaces Applications may live in (`application.namespaces`). */
  applicationNamespaces?: string[];
  /** Repositories the repo server cannot reach: refused when `validate` is on. */
  unreachableRepos?: string[];
  /** Rollout played for apps with automated sync. Default: `rollouts.healthy()`. */
  rollout?: RolloutStep[];
  /**
   * The repo server: the manifests an app's source renders to (e.g. a
   * Kustomize overlay built from the GitHub stand-in's files), or undefined
   * when unknown. When given, every sync holds each manifest against the
   * app's AppProject as Argo CD's controller does, and a refused one fails
   * the sync operation.
   */
  manifests?: (app: StoredObject) => Array<Record<string, any>> | undefined;
  /**
   * The Git commits the repo server can read, by SHA (for
   * `ApplicationService_RevisionMetadata`). Default: every 40-hex SHA is a
   * commit with a generated author and message; `seedRevision` adds others.
   */
  revisionMetadata?: (revision: string) => RevisionMetadata | undefined;
}

/** `v1alpha1RevisionMetadata`: a commit as Argo CD's repo server reads it. */
export interface RevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

/** A sync or rollback operation Argo CD is running or ran last on an app. */
interface Operation {
  startedAt: string;
  username: string;
  /** A rollback's revision and source (its history entry's); a sync's is the target. */
  revision?: string;
  source?: unknown;
  finished: boolean;
  recorded: boolean;
}

/**
 * How many history entries Argo CD keeps per app when
 * `spec.revisionHistoryLimit` is unset (`RevisionHistoryLimit` = 10 in
 * pkg/apis/application/v1alpha1/types.go).
 */
const DEFAULT_REVISION_HISTORY_LIMIT = 10;

const CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  429: 8,
  500: 13,
  501: 12,
  503: 14,
  504: 4,
};

let contractCache: Contract | undefined;

/** Argo CD's API contract, parsed once per process. */
export function argoCdContract(): Contract {
  contractCache ??= new Contract(
    'Argo CD',
    JSON.parse(fs.readFileSync(contractPath('argocd/swagger.json'), 'utf8')),
  );
  return contractCache;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The gRPC code, when it is not the one Argo CD's gateway pairs with `status`. */
    readonly code?: number,
  ) {
    super(message);
  }
}

/**
 * gRPC code Aborted: what Argo CD turns a Kubernetes 409 Conflict into
 * (`kubeErrToGRPC` in util/grpc/errors.go); the gateway answers it as 409.
 */
const GRPC_ABORTED = 10;

/**
 * A local Argo CD API server for tests. It answers the application, project,
 * session and version operations of Argo CD 3.6's `swagger.json` the way the
 * real API server does (upsert and validate semantics, project permissions,
 * label selectors, RBAC refusals, gRPC-style error bodies), checks every
 * request against the swagger document and every Application and AppProject
 * against the CRD schemas, and plays sync progress one step per read.
 */
export class ArgoCdStandIn {
  readonly server: ContractServer;
  private readonly crds = ArgoCdCrds.get();
  private readonly applicationsByKey = new Map<string, StoredObject>();
  private readonly projectsByName = new Map<string, StoredObject>();
  private readonly pendingRollouts = new Map<string, RolloutStep[]>();
  private readonly operations = new Map<string, Operation>();
  private readonly seededRevisions = new Map<string, RevisionMetadata>();
  private readonly nextRollouts: RolloutStep[][] = [];
  private readonly denyRules: DenyRule[] = [];
  private readonly tokens: Set<string>;
  private readonly clusters: Array<{ name: string; server: string }>;
  private readonly controlPlaneNamespace: string;
  private resourceVersion = 1000;
  /** The clusters API (see clusters.ts): `deny(...)`, `cluster(server)`. */
  readonly clusterApi: ClusterApi;

  constructor(private readonly options: ArgoCdStandInOptions = {}) {
    this.tokens = new Set(options.tokens ?? ['argocd-test-token']);
    this.clusters = options.clusters ?? [
      { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
    ];
    this.controlPlaneNamespace = options.namespace ?? 'argocd';
    this.clusterApi = new ClusterApi(this.clusters, {
      error: (status, message) => this.error(status, message),
      unreachableServers: options.unreachableClusters,
    });
    this.seedProject({
      metadata: { name: 'default' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*', name: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    });
    this.server = new ContractServer({
      contract: argoCdContract(),
      authenticate: request => this.authenticate(request),
      checkRequest: request => this.checkObjects(request),
      errorBody: (status, message) => ({
        code: CODES[status] ?? 2,
        error: message,
        message,
      }),
      handlers: {
        VersionService_Version: () => ({
          status: 200,
          body: { Version: 'v3.6.0+stand-in' },
        }),
        SessionService_Create: r => this.createSession(r),
        ApplicationService_List: r => this.handle(() => this.listApps(r)),
        ApplicationService_Get: r => this.handle(() => this.getApp(r)),
        ApplicationService_Create: r => this.handle(() => this.createApp(r)),
        ApplicationService_Update: r => this.handle(() => this.updateApp(r)),
        ApplicationService_Delete: r => this.handle(() => this.deleteApp(r)),
        ApplicationService_Sync: r => this.handle(() => this.syncApp(r)),
        ApplicationService_Rollback: r =>
          this.handle(() => this.rollbackApp(r)),
        ApplicationService_RevisionMetadata: r =>
          this.handle(() => this.revisionMetadata(r)),
        ApplicationService_ResourceTree: r =>
          this.handle(() => this.resourceTree(r)),
        ProjectService_List: r => this.handle(() => this.listProjects(r)),
        ProjectService_Get: r => this.handle(() => this.getProject(r)),
        ProjectService_Create: r => this.handle(() => this.createProject(r)),
        ProjectService_Update: r => this.handle(() => this.updateProject(r)),
        ClusterService_List: r => this.clusterApi.list(r),
        ClusterService_Get: r => this.clusterApi.get(r),
        ClusterService_Create: r => this.clusterApi.create(r),
      },
    });
  }

  // ---- lifecycle and ContractServer pass-throughs -------------------------

  async start(port = 0): Promise<this> {
    await this.server.start(port);
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get url(): string {
    return this.server.url;
  }

  get calls(): RecordedCall[] {
    return this.server.calls;
  }

  get violations(): string[] {
    return this.server.violations;
  }

  callsTo(operationId: string): RecordedCall[] {
    return this.server.callsTo(operationId);
  }

  /** Scripted faults: 401, 409, 429, 5xx, `delayMs` for slow answers, dropped connections. */
  inject(fault: Fault) {
    this.server.inject(fault);
  }

  assertNoViolations() {
    this.server.assertNoViolations();
  }

  /** The control-plane namespace, where Applications live by default. */
  get namespace(): string {
    return this.controlPlaneNamespace;
  }

  // ---- test controls -------------------------------------------------------

  /**
   * Stores an Application as if it existed already (checked against the CRD;
   * throws when it would not be accepted). `status` is shown as given;
   * `rollout` is played from the next read on.
   */
  seedApplication(
    app: StoredObject,
    options: { status?: Record<string, unknown>; rollout?: RolloutStep[] } = {},
  ): StoredObject {
    const problems = this.crds.validate('Application', app);
    if (problems.length > 0) {
      throw new Error(
        `Seeded Application is invalid:\n- ${problems.join('\n- ')}`,
      );
    }
    const stored = this.store(clone(app), undefined);
    stored.status = clone(options.status ?? {});
    if (options.rollout)
      this.setRollout(
        stored.metadata.name,
        options.rollout,
        stored.metadata.namespace,
      );
    return clone(stored);
  }

  /** A commit the repo server can read (`ApplicationService_RevisionMetadata`). */
  seedRevision(revision: string, metadata: RevisionMetadata) {
    this.seededRevisions.set(revision, clone(metadata));
  }

  /** Stores an AppProject as if it existed already (checked against the CRD). */
  seedProject(project: StoredObject): StoredObject {
    const problems = this.crds.validate('AppProject', project);
    if (problems.length > 0) {
      throw new Error(
        `Seeded AppProject is invalid:\n- ${problems.join('\n- ')}`,
      );
    }
    const stored = clone(project);
    stored.metadata.namespace ??= this.controlPlaneNamespace;
    this.stamp(stored, undefined);
    this.projectsByName.set(stored.metadata.name, stored);
    return clone(stored);
  }

  /** The stored Application, or undefined. */
  application(name: string, namespace = this.controlPlaneNamespace) {
    const app = this.applicationsByKey.get(`${namespace}/${name}`);
    return app && clone(app);
  }

  applications(): StoredObject[] {
    return [...this.applicationsByKey.values()].map(a => clone(a));
  }

  project(name: string) {
    const project = this.projectsByName.get(name);
    return project && clone(project);
  }

  projects(): StoredObject[] {
    return [...this.projectsByName.values()].map(p => clone(p));
  }

  /** Plays `steps` for an existing app, one per read from now on. */
  setRollout(
    name: string,
    steps: RolloutStep[],
    namespace = this.controlPlaneNamespace,
  ) {
    if (!this.applicationsByKey.has(`${namespace}/${name}`)) {
      throw new Error(`No Application ${namespace}/${name} in the stand-in`);
    }
    this.pendingRollouts.set(`${namespace}/${name}`, [...steps]);
  }

  /** The rollout the next created or changed Application plays, whatever its sync policy. */
  nextRollout(steps: RolloutStep[]) {
    this.nextRollouts.push([...steps]);
  }

  /** Plays the next rollout step of an app now, as a read would. */
  advance(name: string, namespace = this.controlPlaneNamespace) {
    const app = this.applicationsByKey.get(`${namespace}/${name}`);
    if (app) this.observe(app);
  }

  /** Adds an RBAC deny rule for every token (as `argocd-rbac-cm` would). */
  deny(rule: DenyRule) {
    this.denyRules.push(rule);
  }

  /** Revokes a token: later calls with it get 401. */
  revokeToken(token: string) {
    this.tokens.delete(token);
  }

  // ---- request checks ------------------------------------------------------

  private authenticate(request: StandInRequest): StandInResponse | undefined {
    if (
      request.operationId === 'SessionService_Create' ||
      request.operationId === 'VersionService_Version'
    ) {
      return undefined;
    }
    const header = String(request.headers.authorization ?? '');
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    if (!token) return this.error(401, 'no session information');
    if (!this.tokens.has(token)) {
      return this.error(401, 'invalid session: token signature is invalid');
    }
    return undefined;
  }

  /** Holds every Application and AppProject body against its CRD schema. */
  private checkObjects(request: StandInRequest): string[] {
    const body = request.body as any;
    switch (request.operationId) {
      case 'ApplicationService_Create':
      case 'ApplicationService_Update':
        return this.crds
          .validate('Application', body)
          .map(p => `${request.operationId}: ${p}`);
      case 'ProjectService_Create':
      case 'ProjectService_Update':
        return body?.project
          ? this.crds
              .validate('AppProject', body.project)
              .map(p => `${request.operationId}: ${p}`)
          : [`${request.operationId}: body.project is required`];
      default:
        return [];
    }
  }

  private async handle(fn: () => StandInResponse | Promise<StandInResponse>) {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ApiError)
        return this.error(error.status, error.message, error.code);
      throw error;
    }
  }

  private error(
    status: number,
    message: string,
    code = CODES[status] ?? 2,
  ): StandInResponse {
    return { status, body: { code, error: message, message } };
  }

  /** Whether the token's RBAC policy allows `action` on `object` (casbin glob match). */
  private allowed(
    resource: DenyRule['resource'],
    action: DenyRule['action'],
    object: string,
  ): boolean {
    return !this.denyRules.some(
      r =>
        r.resource === resource &&
        r.action === action &&
        new RegExp(
          `^${(r.object ?? '*')
            .split('*')
            .map(s => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
            .join('.*')}$`,
        ).test(object),
    );
  }

  /** `enf.EnforceErr`: a 403 naming what was refused. */
  private enforce(
    resource: DenyRule['resource'],
    action: DenyRule['action'],
    object: string,
  ) {
    if (!this.allowed(resource, action, object)) {
      throw new ApiError(
        403,
        `permission denied: ${resource}, ${action}, ${object}, sub: groundwork, iat: 2026-11-22T00:00:00Z`,
      );
    }
  }

  // ---- sessions -------------------------------------------------------------

  private createSession(request: StandInRequest): StandInResponse {
    const { username, password } = (request.body ?? {}) as {
      username?: string;
      password?: string;
    };
    const expected = username ? this.options.accounts?.[username] : undefined;
    if (expected === undefined || expected !== password) {
      return this.error(401, 'Invalid username or password');
    }
    const token = `session-${randomUUID()}`;
    this.tokens.add(token);
    return { status: 200, body: { token } };
  }

  // ---- applications -------------------------------------------------------

  private listApps(request: StandInRequest): StandInResponse {
    const q = request.query;
    let requirements;
    try {
      requirements = parseLabelSelector(q.get('selector') ?? '');
    } catch (error) {
      throw new ApiError(
        400,
        `error parsing selector: ${(error as Error).message}`,
      );
    }
    // The legacy `project` wins over `projects` (getProjectsFromApplicationQuery).
    const projects =
      q.getAll('project').length > 0
        ? q.getAll('project')
        : q.getAll('projects');
    const name = q.get('name');
    const repo = q.get('repo');
    const appNamespace = q.get('appNamespace');
    const items = [...this.applicationsByKey.values()].filter(app => {
      if (!matchesLabelSelector(requirements, app.metadata.labels))
        return false;
      if (projects.length > 0 && !projects.includes(app.spec.project))
        return false;
      if (name && app.metadata.name !== name) return false;
      if (appNamespace && app.metadata.namespace !== appNamespace) return false;
      if (repo && !sourcesOf(app).some(s => s.repoURL === repo)) return false;
      // Argo CD lists only what the caller may get.
      return this.allowed(
        'applications',
        'get',
        this.rbacName(
          app.spec.project,
          app.metadata.namespace,
          app.metadata.name,
        ),
      );
    });
    for (const app of items) this.observe(app);
    return {
      status: 200,
      body: {
        metadata: { resourceVersion: String(this.resourceVersion) },
        items: items.map(a => clone(a)),
      },
    };
  }

  /**
   * `getAppEnforceRBAC` (server/application/application.go): how Argo CD
   * reads one app for get, update, delete, sync and resource-tree without
   * revealing which apps exist (CVE-2022-41354). Without `project`, a
   * missing app and an app the caller may not act on are both 403
   * "permission denied". With `project`, the caller is first checked
   * against `project/name`; past that, a missing app, an app they may not
   * act on and an app in another project are all 404 "not found".
   */
  private getAppEnforceRBAC(
    action: DenyRule['action'],
    project: string | null,
    namespace: string | null,
    name: string,
  ): StoredObject {
    const ns = namespace || this.controlPlaneNamespace;
    if (
      project &&
      !this.allowed('applications', action, this.rbacName(project, ns, name))
    ) {
      throw new ApiError(403, 'permission denied');
    }
    const notFound = () =>
      new ApiError(404, `applications.argoproj.io "${name}" not found`);
    // An app namespace Argo CD does not watch answers as a missing app would,
    // except that it is never a 404 (getApp fails with a non-NotFound error).
    const enabled =
      ns === this.controlPlaneNamespace ||
      (this.options.applicationNamespaces ?? []).includes(ns);
    const app = enabled
      ? this.applicationsByKey.get(`${ns}/${name}`)
      : undefined;
    if (!app) {
      if (project && enabled) throw notFound();
      throw new ApiError(403, 'permission denied');
    }
    if (
      !this.allowed(
        'applications',
        action,
        this.rbacName(app.spec.project, ns, name),
      )
    ) {
      if (project) throw notFound();
      throw new ApiError(403, 'permission denied');
    }
    if (project && (app.spec.project || 'default') !== project)
      throw notFound();
    this.appProject(app);
    return app;
  }

  /** `getAppProject`: one vague message whether the project is missing or refuses the app. */
  private appProject(app: StoredObject): StoredObject {
    const name = app.spec?.project || 'default';
    const project = this.projectsByName.get(name);
    const namespace = app.metadata.namespace || this.controlPlaneNamespace;
    if (
      !project ||
      (namespace !== this.controlPlaneNamespace &&
        !namespacePermitted(project.spec, namespace))
    ) {
      throw new ApiError(
        400,
        `app is not allowed in project "${
          app.spec?.project ?? ''
        }", or the project does not exist`,
      );
    }
    return project;
  }

  /** `security.RBACName`: `project/name`, or `project/namespace/name` outside the control plane's namespace. */
  private rbacName(
    project: string | undefined,
    namespace: string | undefined,
    name: string,
  ) {
    const p = project || 'default';
    return namespace && namespace !== this.controlPlaneNamespace
      ? `${p}/${namespace}/${name}`
      : `${p}/${name}`;
  }

  private appRbacName(app: StoredObject) {
    return this.rbacName(
      app.spec?.project,
      app.metadata.namespace,
      app.metadata.name,
    );
  }

  private getApp(request: StandInRequest): StandInResponse {
    const q = request.query;
    const projects =
      q.getAll('project').length > 0
        ? q.getAll('project')
        : q.getAll('projects');
    if (projects.length > 1) {
      throw new ApiError(
        400,
        'multiple projects specified - the get endpoint accepts either zero or one project',
      );
    }
    const app = this.getAppEnforceRBAC(
      'get',
      projects[0] ?? null,
      q.get('appNamespace'),
      request.pathParams.name,
    );
    this.observe(app);
    return { status: 200, body: clone(app) };
  }

  private deleteApp(request: StandInRequest): StandInResponse {
    const q = request.query;
    const app = this.getAppEnforceRBAC(
      'get',
      q.get('project'),
      q.get('appNamespace'),
      request.pathParams.name,
    );
    this.enforce('applications', 'delete', this.appRbacName(app));
    if (q.get('cascade') === 'false' && q.get('propagationPolicy')) {
      throw new ApiError(
        400,
        'cannot set propagation policy when cascading is disabled',
      );
    }
    const policy = q.get('propagationPolicy');
    if (policy && !['foreground', 'background'].includes(policy)) {
      throw new ApiError(400, `invalid propagation policy: ${policy}`);
    }
    // The controller removes the app (and, cascading, its resources) at once here.
    this.applicationsByKey.delete(appKey(app));
    this.pendingRollouts.delete(appKey(app));
    return { status: 200, body: {} };
  }

  private syncApp(request: StandInRequest): StandInResponse {
    const body = (request.body ?? {}) as {
      project?: string;
      appNamespace?: string;
    };
    const app = this.getAppEnforceRBAC(
      'get',
      body.project ?? null,
      body.appNamespace ?? null,
      request.pathParams.name,
    );
    this.enforce('applications', 'sync', this.appRbacName(app));
    this.startOperation(app, {});
    // A sync operation starts: the controller plays it from the next read on.
    this.pendingRollouts.set(
      appKey(app),
      this.syncRefused(app) ??
        this.nextRollouts.shift() ??
        this.options.rollout ??
        rollouts.healthy(),
    );
    return { status: 200, body: clone(app) };
  }

  private createApp(request: StandInRequest): StandInResponse {
    const app = clone(request.body) as StoredObject;
    const upsert = request.query.get('upsert') === 'true';
    const validate = request.query.get('validate') !== 'false';
    app.metadata.namespace ||= this.controlPlaneNamespace;
    this.enforce('applications', 'create', this.appRbacName(app));
    this.validateApp(app, validate);
    const key = appKey(app);
    const existing = this.applicationsByKey.get(key);
    if (!existing) {
      const stored = this.store(app, undefined);
      return { status: 200, body: clone(stored) };
    }
    const equal =
      jsonEqual(existing.spec, app.spec) &&
      jsonEqual(existing.metadata.labels, app.metadata.labels) &&
      jsonEqual(existing.metadata.annotations, app.metadata.annotations) &&
      jsonEqual(existing.metadata.finalizers, app.metadata.finalizers);
    if (equal) return { status: 200, body: clone(existing) };
    if (!upsert) {
      throw new ApiError(
        400,
        'existing application spec is different, use upsert flag to force update',
      );
    }
    // Checked against the app as sent, not as stored: an upsert can move an
    // app into the caller's project (Create in server/application/application.go).
    this.enforce('applications', 'update', this.appRbacName(app));
    // Argo CD merges labels and annotations on upsert, and replaces the rest.
    const merged: StoredObject = {
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: mergeMaps(existing.metadata.labels, app.metadata.labels),
        annotations: mergeMaps(
          existing.metadata.annotations,
          app.metadata.annotations,
        ),
        finalizers: app.metadata.finalizers,
      },
      spec: app.spec,
    };
    const stored = this.store(merged, existing);
    return { status: 200, body: clone(stored) };
  }

  private updateApp(request: StandInRequest): StandInResponse {
    const app = clone(request.body) as StoredObject;
    const name = request.pathParams['application.metadata.name'];
    if (app.metadata?.name !== name) {
      throw new ApiError(
        400,
        `application name in the path (${name}) and the body (${app.metadata?.name}) differ`,
      );
    }
    app.metadata.namespace ||= this.controlPlaneNamespace;
    // Update checks the app as sent, then reads the stored one the way Get does.
    this.enforce('applications', 'update', this.appRbacName(app));
    const existing = this.getAppEnforceRBAC(
      'update',
      request.query.get('project'),
      app.metadata.namespace,
      name,
    );
    this.validateApp(app, request.query.get('validate') !== 'false');
    const replaced: StoredObject = {
      ...existing,
      metadata: {
        ...existing.metadata,
        labels: app.metadata.labels,
        annotations: app.metadata.annotations,
        finalizers: app.metadata.finalizers,
      },
      spec: app.spec,
    };
    const stored = this.store(replaced, existing);
    return { status: 200, body: clone(stored) };
  }

  private resourceTree(request: StandInRequest): StandInResponse {
    const app = this.getAppEnforceRBAC(
      'get',
      request.query.get('project'),
      request.query.get('appNamespace'),
      request.pathParams.applicationName,
    );
    const health = app.status?.health;
    const nodes =
      !health?.status || health.status === 'Missing'
        ? []
        : [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: app.spec.destination?.namespace ?? '',
              name: app.metadata.name,
              uid: createHash('sha1').update(appKey(app)).digest('hex'),
              health: { status: health.status, message: health.message },
            },
          ];
    return { status: 200, body: { nodes } };
  }

  /** What `validateAndNormalizeApp` and `ValidatePermissions` check. */
  private validateApp(app: StoredObject, validate: boolean) {
    const spec = app.spec ?? {};
    const name = app.metadata.name;
    const projectName = spec.project || 'default';
    const project = this.appProject(app);
    const namespace = app.metadata.namespace!;
    if (
      namespace !== this.controlPlaneNamespace &&
      !(this.options.applicationNamespaces ?? []).includes(namespace)
    ) {
      throw new ApiError(400, `namespace '${namespace}' is not permitted`);
    }
    const sources = sourcesOf(app);
    if (sources.length === 0 && !spec.sourceHydrator) {
      throw new ApiError(400, 'spec.source or spec.sources must be specified');
    }
    for (const source of sources) {
      if (!repoPermitted(project.spec, source.repoURL)) {
        throw new ApiError(
          400,
          `application repo ${source.repoURL} is not permitted in project '${projectName}'`,
        );
      }
    }
    const destination = spec.destination ?? {};
    if (destination.server && destination.name) {
      throw new ApiError(
        400,
        `application destination can't have both name and server defined: ${destination.name} ${destination.server}`,
      );
    }
    const cluster = destination.server
      ? this.clusters.find(c => c.server === destination.server)
      : this.clusters.find(c => c.name === destination.name);
    if (!cluster) {
      throw new ApiError(
        400,
        `application destination spec for ${name} is invalid: unable to find destination server: there are no clusters with this ${
          destination.server
            ? `URL: ${destination.server}`
            : `name: ${destination.name}`
        }`,
      );
    }
    if (
      !destinationPermitted(
        project.spec,
        destination,
        n => this.clusters.find(c => c.name === n)?.server,
      )
    ) {
      throw new ApiError(
        400,
        `application destination server '${cluster.server}' and namespace '${
          destination.namespace ?? ''
        }' do not match any of the allowed destinations in project '${projectName}'`,
      );
    }
    if (validate) {
      const unreachable = sources.find(s =>
        (this.options.unreachableRepos ?? []).includes(s.repoURL),
      );
      if (unreachable) {
        throw new ApiError(
          400,
          `application spec for ${name} is invalid: InvalidSpecError: repository not accessible: repository not found: ${unreachable.repoURL}`,
        );
      }
    }
  }

  /**
   * A sync the project refuses: each manifest goes through
   * `validateSyncPermissions` (controller/sync.go), and the operation fails
   * with gitops-engine's message (pkg/sync/sync_context.go).
   */
  /**
   * Sets the app's operation as `SetAppOperation` (argo-cd util/argo/argo.go)
   * does: refused with FailedPrecondition (HTTP 400) "another operation is
   * already in progress" while one runs; otherwise the last operation's
   * state is cleared.
   */
  private startOperation(
    app: StoredObject,
    target: { revision?: string; source?: unknown },
  ) {
    const key = appKey(app);
    const current = this.operations.get(key);
    const phase = app.status?.operationState?.phase;
    if (
      (current && !current.finished) ||
      (!current && (phase === 'Running' || phase === 'Terminating'))
    ) {
      throw new ApiError(400, 'another operation is already in progress', 9);
    }
    this.operations.set(key, {
      startedAt: new Date().toISOString(),
      username: 'groundwork',
      ...target,
      finished: false,
      recorded: false,
    });
    if (app.status) delete app.status.operationState;
  }

  /**
   * `POST /api/v1/applications/{name}/rollback`, as `Rollback` in argo-cd
   * server/application/application.go: RBAC "applications, sync"; refused
   * (FailedPrecondition, 400) while automated sync is enabled, since the next
   * automated sync would undo it; an id not in `status.history` is
   * InvalidArgument (400); then a sync to that entry's revision and source.
   */
  private rollbackApp(request: StandInRequest): StandInResponse {
    const body = (request.body ?? {}) as {
      id?: number | string;
      project?: string;
      appNamespace?: string;
    };
    const app = this.getAppEnforceRBAC(
      'get',
      body.project ?? null,
      body.appNamespace ?? null,
      request.pathParams.name,
    );
    this.enforce('applications', 'sync', this.appRbacName(app));
    if (app.spec.syncPolicy?.automated) {
      throw new ApiError(
        400,
        'rollback cannot be initiated when auto-sync is enabled',
        9,
      );
    }
    const id = Number(body.id ?? 0);
    const entry = (app.status?.history ?? []).find(
      (h: any) => Number(h.id) === id,
    );
    if (!entry) {
      throw new ApiError(
        400,
        `application ${app.metadata.name} does not have deployment with id ${id}`,
      );
    }
    this.startOperation(app, {
      revision: entry.revision,
      source: entry.source,
    });
    this.pendingRollouts.set(
      appKey(app),
      this.nextRollouts.shift() ?? this.options.rollout ?? rollouts.healthy(),
    );
    return { status: 200, body: clone(app) };
  }

  /**
   * `GET .../revisions/{revision}/metadata`: RBAC "applications, get"; the
   * repo server reads the commit. A revision that is not a commit SHA is
   * refused ("revision ... must be resolved", `GetRevisionMetadata` in
   * reposerver/repository/repository.go), as an unknown one is: both come
   * back through the gateway as gRPC Unknown (HTTP 500).
   */
  private revisionMetadata(request: StandInRequest): StandInResponse {
    const q = request.query;
    this.getAppEnforceRBAC(
      'get',
      q.get('project'),
      q.get('appNamespace'),
      request.pathParams.name,
    );
    const revision = request.pathParams.revision;
    if (!/^[0-9a-f]{7,40}$/.test(revision)) {
      throw new ApiError(500, `revision ${revision} must be resolved`);
    }
    const metadata =
      this.seededRevisions.get(revision) ??
      (this.options.revisionMetadata
        ? this.options.revisionMetadata(revision)
        : revision.length === 40 && {
            author: 'Stand-in Author <author@example.com>',
            date: '2026-11-20T09:00:00Z',
            message: `Change ${revision.slice(0, 7)}`,
          });
    if (!metadata) {
      throw new ApiError(
        500,
        `unable to resolve git revision ${revision}: reference not found`,
      );
    }
    return { status: 200, body: clone(metadata) };
  }

  private syncRefused(app: StoredObject): RolloutStep[] | undefined {
    let manifests;
    try {
      manifests = this.options.manifests?.(clone(app));
    } catch (error) {
      // The repo server could not render the source: nothing is applied.
      return rollouts.syncFailed(
        `ComparisonError: Failed to load target state: failed to generate manifest for source 1 of 1: ${
          (error as Error).message
        }`,
      );
    }
    if (!manifests) return undefined;
    const projectName = app.spec.project || 'default';
    const project = this.projectsByName.get(projectName);
    if (!project) return undefined;
    const errors = [
      ...new Set(
        manifests
          .map(m =>
            syncPermissionError(
              projectName,
              project.spec,
              m,
              app.spec.destination ?? {},
              n => this.clusters.find(c => c.name === n)?.server,
            ),
          )
          .filter((e): e is string => e !== undefined),
      ),
    ].sort();
    if (errors.length === 0) return undefined;
    return rollouts.syncFailed(
      `one or more synchronization tasks are not valid: ${errors.join('; ')}`,
    );
  }

  /** Stores a new or changed app and starts its rollout. */
  private store(
    app: StoredObject,
    previous: StoredObject | undefined,
  ): StoredObject {
    app.metadata.namespace ||= this.controlPlaneNamespace;
    const specChanged = !previous || !jsonEqual(previous.spec, app.spec);
    this.stamp(app, previous, specChanged);
    app.status = previous?.status ?? {};
    delete app.operation;
    const key = appKey(app);
    this.applicationsByKey.set(key, app);
    if (specChanged) {
      const scripted = this.nextRollouts.shift();
      const automated =
        app.spec.syncPolicy?.automated &&
        app.spec.syncPolicy.automated.enabled !== false;
      const refused = automated ? this.syncRefused(app) : undefined;
      if (refused) {
        this.pendingRollouts.set(key, refused);
      } else if (scripted) {
        this.pendingRollouts.set(key, scripted);
      } else if (automated) {
        this.pendingRollouts.set(
          key,
          this.options.rollout ?? rollouts.healthy(),
        );
      } else {
        this.pendingRollouts.set(key, rollouts.manual());
      }
    }
    return app;
  }

  private stamp(
    object: StoredObject,
    previous: StoredObject | undefined,
    specChanged = true,
  ) {
    const meta = object.metadata;
    this.resourceVersion += 1;
    meta.resourceVersion = String(this.resourceVersion);
    meta.uid = (previous?.metadata.uid as string) ?? randomUUID();
    meta.creationTimestamp =
      (previous?.metadata.creationTimestamp as string) ??
      new Date().toISOString();
    const generation = Number(previous?.metadata.generation ?? 0);
    meta.generation = specChanged ? generation + 1 : generation;
    for (const field of ['labels', 'annotations', 'finalizers'] as const) {
      if (meta[field] === undefined) delete meta[field];
    }
  }

  /** A read: the controller moves the app one rollout step on. */
  private observe(app: StoredObject) {
    const key = appKey(app);
    const steps = this.pendingRollouts.get(key);
    if (!steps || steps.length === 0) return;
    // The last step's state stays once played, as a settled app's does.
    this.applyStep(app, steps.shift()!);
  }

  private applyStep(app: StoredObject, step: RolloutStep) {
    const now = new Date().toISOString();
    const operation = this.operations.get(appKey(app));
    const revision = operation?.revision ?? fakeRevision(app);
    const status = app.status ?? {};
    // Once a rollback has run, the controller compares the live state with
    // the spec's target again, not with the rolled-back revision
    // (`CompareAppState` in controller/state.go sets `syncStatus.Revision`
    // to the target's manifests' revision): the app shows OutOfSync to the
    // target for as long as the two differ.
    const target = fakeRevision(app);
    const rolledBack =
      operation?.revision !== undefined &&
      operation.revision !== target &&
      (operation.finished ||
        (step.phase !== undefined &&
          step.phase !== 'Running' &&
          step.phase !== 'Terminating'));
    status.sync = {
      ...(rolledBack && step.sync === 'Synced'
        ? { status: 'OutOfSync', revision: target }
        : {
            status: step.sync,
            ...(step.sync === 'Synced' && { revision }),
          }),
      // What the controller compared: how a client tells current status from stale.
      comparedTo: clone({
        ...(app.spec.source && { source: app.spec.source }),
        ...(app.spec.sources && { sources: app.spec.sources }),
        destination: app.spec.destination,
      }),
    };
    status.health = {
      status: step.health,
      ...(step.healthMessage && { message: step.healthMessage }),
      lastTransitionTime: now,
    };
    if (step.phase) {
      const finished = step.phase !== 'Running' && step.phase !== 'Terminating';
      const startedAt =
        operation?.startedAt ?? status.operationState?.startedAt ?? now;
      status.operationState = {
        phase: step.phase,
        message: step.operationMessage ?? '',
        startedAt,
        ...(finished && {
          finishedAt: status.operationState?.finishedAt ?? now,
        }),
        ...(step.phase === 'Succeeded' && { syncResult: { revision } }),
        operation: {
          sync: { revision },
          initiatedBy: operation
            ? { username: operation.username }
            : { automated: true },
        },
      };
      // The controller appends one history entry per successful operation
      // (`persistRevisionHistory` in controller/appcontroller.go), with the
      // next id, and keeps the last revisionHistoryLimit entries.
      const record = operation
        ? finished && !operation.recorded
        : !(status.history ?? []).some((h: any) => h.revision === revision);
      if (operation && finished) operation.finished = true;
      if (step.phase === 'Succeeded' && record) {
        if (operation) operation.recorded = true;
        const history: any[] = status.history ?? [];
        const nextId =
          history.reduce((max, h) => Math.max(max, Number(h.id)), -1) + 1;
        status.history = [
          ...history,
          {
            id: nextId,
            revision,
            deployStartedAt: startedAt,
            deployedAt: now,
            ...((operation?.source ?? app.spec.source) && {
              source: clone(operation?.source ?? app.spec.source),
            }),
            initiatedBy: operation
              ? { username: operation.username }
              : { automated: true },
          },
        ].slice(
          -(app.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT),
        );
      }
    }
    status.reconciledAt = now;
    app.status = status;
    this.resourceVersion += 1;
    app.metadata.resourceVersion = String(this.resourceVersion);
  }

  // ---- projects -------------------------------------------------------------

  private listProjects(_request: StandInRequest): StandInResponse {
    // Only the projects the caller may get (List in server/project/project.go).
    return {
      status: 200,
      body: {
        items: [...this.projectsByName.values()]
          .filter(p => this.allowed('projects', 'get', p.metadata.name))
          .map(p => clone(p)),
      },
    };
  }

  private getProject(request: StandInRequest): StandInResponse {
    const name = request.pathParams.name;
    this.enforce('projects', 'get', name);
    const project = this.projectsByName.get(name);
    if (!project) {
      throw new ApiError(404, `appprojects.argoproj.io "${name}" not found`);
    }
    return { status: 200, body: clone(project) };
  }

  private createProject(request: StandInRequest): StandInResponse {
    const { project, upsert } = request.body as {
      project: StoredObject;
      upsert?: boolean;
    };
    const name = project.metadata.name;
    this.enforce('projects', 'create', name);
    this.validateProject(project);
    const existing = this.projectsByName.get(name);
    if (existing) {
      if (!upsert) {
        if (jsonEqual(existing.spec, project.spec)) {
          return { status: 200, body: clone(existing) };
        }
        throw new ApiError(
          400,
          `existing project spec is different; use upsert flag to force update; difference in keys "${differingKeys(
            existing.spec,
            project.spec,
          ).join(',')}"`,
        );
      }
      this.enforce('projects', 'update', name);
    }
    const stored = clone(project);
    stored.metadata = { ...(existing?.metadata ?? {}), ...stored.metadata };
    stored.metadata.namespace = this.controlPlaneNamespace;
    this.stamp(stored, existing);
    this.projectsByName.set(name, stored);
    return { status: 200, body: clone(stored) };
  }

  private updateProject(request: StandInRequest): StandInResponse {
    const { project } = request.body as { project: StoredObject };
    const name = request.pathParams['project.metadata.name'];
    // RBAC before the read: a missing project is a 404 only to who may update it.
    this.enforce('projects', 'update', name);
    this.validateProject(project);
    const existing = this.projectsByName.get(name);
    if (!existing) {
      throw new ApiError(404, `appprojects.argoproj.io "${name}" not found`);
    }
    this.enforceProjectAdditions(existing.spec ?? {}, project.spec ?? {});
    this.assertCurrentVersion(project, existing);
    const stored = clone(project);
    stored.metadata = {
      ...existing.metadata,
      ...stored.metadata,
      namespace: this.controlPlaneNamespace,
    };
    this.stamp(stored, existing, !jsonEqual(existing.spec, stored.spec));
    this.projectsByName.set(name, stored);
    return { status: 200, body: clone(stored) };
  }

  /** `validateProject`: duplicates are an InvalidArgument (400). */
  private validateProject(project: StoredObject) {
    const problem = projectSpecProblem(project.spec ?? {});
    if (problem) throw new ApiError(400, problem);
  }

  /**
   * What `Update` checks beyond `projects, update`: `clusters, update` on
   * the server of every destination the update adds (on every destination's
   * server when a resource white- or blacklist changes), and
   * `repositories, update` on every source repository it adds.
   */
  private enforceProjectAdditions(before: any, after: any) {
    const servers = (spec: any): string[] =>
      (spec.destinations ?? []).map((d: any) => d.server ?? '');
    const added = <T>(now: T[], was: T[]) => now.filter(x => !was.includes(x));
    for (const server of added(servers(after), servers(before))) {
      this.enforceClusterUpdate(server);
    }
    for (const repo of added<string>(
      after.sourceRepos ?? [],
      before.sourceRepos ?? [],
    )) {
      this.enforce('repositories', 'update', repo);
    }
    const lists = [
      'clusterResourceWhitelist',
      'clusterResourceBlacklist',
      'namespaceResourceBlacklist',
      'namespaceResourceWhitelist',
    ];
    if (lists.some(l => !jsonEqual(before[l], after[l]))) {
      for (const server of servers(after)) {
        this.enforceClusterUpdate(server);
      }
    }
  }

  /** RBAC on clusters is the clusters API's (`clusterApi.deny`). */
  private enforceClusterUpdate(server: string) {
    if (!this.clusterApi.allows('update', server)) {
      throw new ApiError(
        403,
        `permission denied: clusters, update, ${server}, sub: groundwork, iat: 2026-11-22T00:00:00Z`,
      );
    }
  }

  /**
   * Optimistic concurrency, as the Kubernetes API server enforces it on the
   * AppProject custom resource behind Argo CD's `Update` (`Store.Update` in
   * k8s.io/apiserver's registry/generic/registry/store.go; custom resources
   * do not allow unconditional updates). Argo CD's `kubeErrToGRPC` passes
   * the message on and turns Invalid into InvalidArgument (HTTP 400) and
   * Conflict into Aborted (HTTP 409).
   */
  private assertCurrentVersion(sent: StoredObject, stored: StoredObject) {
    const name = stored.metadata.name;
    const version = sent.metadata.resourceVersion;
    if (version === undefined || version === '') {
      throw new ApiError(
        400,
        `appprojects.argoproj.io "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
      );
    }
    if (version !== stored.metadata.resourceVersion) {
      throw new ApiError(
        409,
        `Operation cannot be fulfilled on appprojects.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        GRPC_ABORTED,
      );
    }
  }
}

function appKey(app: StoredObject) {
  return `${app.metadata.namespace}/${app.metadata.name}`;
}

function sourcesOf(app: StoredObject): Array<{ repoURL: string }> {
  const spec = app.spec ?? {};
  if (Array.isArray(spec.sources) && spec.sources.length > 0)
    return spec.sources;
  return spec.source ? [spec.source] : [];
}

function mergeMaps(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
) {
  if (!a && !b) return undefined;
  return { ...(a ?? {}), ...(b ?? {}) };
}

function fakeRevision(app: StoredObject) {
  const source = sourcesOf(app)[0] as { targetRevision?: string } | undefined;
  return createHash('sha1')
    .update(
      `${appKey(app)}@${source?.targetRevision ?? 'HEAD'}#${
        app.metadata.generation
      }`,
    )
    .digest('hex');
}

function differingKeys(a: any, b: any, prefix = ''): string[] {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  const out: string[] = [];
  for (const key of keys) {
    const x = a?.[key];
    const y = b?.[key];
    if (jsonEqual(x, y)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (
      x &&
      y &&
      typeof x === 'object' &&
      typeof y === 'object' &&
      !Array.isArray(x)
    ) {
      out.push(...differingKeys(x, y, path));
    } else {
      out.push(path);
    }
  }
  return out;
}

/** JSON copy: stored objects stay plain data whatever realm they came from. */
function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

/** Deep equality of JSON values, key order ignored (Go's reflect.DeepEqual on decoded objects). */
function jsonEqual(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}
