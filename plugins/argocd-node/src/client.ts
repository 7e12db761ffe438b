import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  abortableSleep,
  backoffDelay,
} from '@groundwork/plugin-groundwork-node';
import { Agent } from 'undici';
import type { ArgoCdInstance } from './config';
import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdAppProject,
  ArgoCdCluster,
  ArgoCdResourceTree,
  ArgoCdRevisionMetadata,
} from './types';

export interface RequestOptions {
  query?: Record<string, string | string[] | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

/** Where an Application lives and which project RBAC is checked against. */
export interface ApplicationLocation {
  /** Namespace of the Application resource (apps in any namespace); the control plane's when absent. */
  appNamespace?: string;
  /** The app's project, which lets Argo CD answer 403 rather than leak existence. */
  project?: string;
  signal?: AbortSignal;
}

export interface ArgoCdClientOptions {
  instance: ArgoCdInstance;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  maxRetries?: number;
  /** First backoff in ms; doubles each retry, with full jitter (default 250). */
  backoffMs?: number;
  /** Upper bound of one backoff, `Retry-After` included (default 10000). */
  maxBackoffMs?: number;
  /** Told about each retry, e.g. the scaffolder task log. */
  logger?: { warn(message: string): void };
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** What Argo CD's gRPC gateway answers on errors (`runtimeError`). */
interface ArgoCdErrorBody {
  code?: number;
  message?: string;
  error?: string;
}

class HttpFailure {
  constructor(readonly status: number, readonly body?: ArgoCdErrorBody) {}
}

/**
 * A small Argo CD REST client. Credentials and URL come from config only;
 * TLS verification stays on (a private CA is added through `caData`).
 */
export class ArgoCdClient {
  private readonly instance: ArgoCdInstance;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly logger?: { warn(message: string): void };
  private readonly dispatcher?: Agent;
  private sessionToken?: string;

  constructor(options: ArgoCdClientOptions) {
    this.instance = options.instance;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffMs = options.backoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.logger = options.logger;
    if (options.instance.caData) {
      this.dispatcher = new Agent({ connect: { ca: options.instance.caData } });
    }
  }

  get name() {
    return this.instance.name;
  }

  /** Link to an application in the Argo CD UI. */
  appUrl(name: string, appNamespace?: string) {
    const ns = appNamespace ? `/${encodeURIComponent(appNamespace)}` : '';
    return `${this.instance.uiUrl}/applications${ns}/${encodeURIComponent(
      name,
    )}`;
  }

  /** `GET /api/v1/applications?selector=…`: one call, every matching app. */
  async listApplications(options: {
    selector?: string;
    signal?: AbortSignal;
  }): Promise<ArgoCdApplication[]> {
    const list = await this.request<ArgoCdApplicationList>(
      'GET',
      '/api/v1/applications',
      { query: { selector: options.selector }, signal: options.signal },
    );
    return list.items ?? [];
  }

  /**
   * One application of a project, or undefined when Argo CD says it is not
   * in that project. `project` is required: without it Argo CD answers 403
   * "permission denied" for a missing app as for a forbidden one, so that a
   * caller cannot learn which apps exist (`getAppEnforceRBAC` in argo-cd's
   * server/application/application.go, the fix for CVE-2022-41354). With
   * it, "not found" means: missing, in another project, or not readable by
   * this account.
   */
  getApplication(
    name: string,
    options: ApplicationLocation & { project: string },
  ): Promise<ArgoCdApplication | undefined> {
    return this.requestUnlessMissing<ArgoCdApplication>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(name)}`,
      {
        query: {
          appNamespace: options.appNamespace,
          project: options.project,
        },
        signal: options.signal,
      },
    );
  }

  /**
   * `POST /api/v1/applications`. Argo CD returns the existing app untouched
   * when spec, labels, annotations and finalizers are identical; with
   * `upsert` it replaces the spec and merges labels and annotations.
   */
  createApplication(
    app: ArgoCdApplication,
    options: {
      upsert?: boolean;
      validate?: boolean;
      signal?: AbortSignal;
    } = {},
  ): Promise<ArgoCdApplication> {
    return this.request<ArgoCdApplication>('POST', '/api/v1/applications', {
      query: { upsert: options.upsert, validate: options.validate },
      body: app,
      signal: options.signal,
    });
  }

  /** `PUT /api/v1/applications/{name}`: replaces spec, labels, annotations and finalizers. */
  updateApplication(
    app: ArgoCdApplication,
    options: {
      validate?: boolean;
      project?: string;
      signal?: AbortSignal;
    } = {},
  ): Promise<ArgoCdApplication> {
    return this.request<ArgoCdApplication>(
      'PUT',
      `/api/v1/applications/${encodeURIComponent(app.metadata.name)}`,
      {
        query: { validate: options.validate, project: options.project },
        body: app,
        signal: options.signal,
      },
    );
  }

  /**
   * `DELETE /api/v1/applications/{name}`. Cascading (Argo CD's default), the
   * controller deletes the app's resources before the app. `project` as for
   * getApplication: without it a missing app is a 403, not a 404.
   *
   * With `missingOk`, Argo CD's own "not found" (the app is already gone)
   * resolves to `false` instead of a NotFoundError; any other failure,
   * another 404 included (a proxy, a wrong base path), still throws.
   * Resolves to `true` when Argo CD deleted the app.
   */
  async deleteApplication(
    name: string,
    options: ApplicationLocation & {
      project: string;
      cascade?: boolean;
      missingOk?: boolean;
    },
  ): Promise<boolean> {
    const path = `/api/v1/applications/${encodeURIComponent(name)}`;
    const request = {
      query: {
        appNamespace: options.appNamespace,
        project: options.project,
        cascade: options.cascade,
      },
      signal: options.signal,
    };
    if (!options.missingOk) {
      await this.request<unknown>('DELETE', path, request);
      return true;
    }
    const deleted = await this.requestUnlessMissing<unknown>(
      'DELETE',
      path,
      request,
    );
    return deleted !== undefined;
  }

  /** The live resources of an app and their health. */
  getResourceTree(
    name: string,
    options: ApplicationLocation = {},
  ): Promise<ArgoCdResourceTree> {
    return this.request<ArgoCdResourceTree>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(name)}/resource-tree`,
      {
        query: {
          appNamespace: options.appNamespace,
          project: options.project,
        },
        signal: options.signal,
      },
    );
  }

  /**
   * `GET /api/v1/applications/{name}/revisions/{revision}/metadata`
   * (`ApplicationService_RevisionMetadata`): author, date, message and tags
   * of a Git revision of the app's source, read by Argo CD's repo server.
   * Needs "applications, get"; `revision` must be a resolved commit SHA.
   */
  getRevisionMetadata(
    name: string,
    revision: string,
    options: ApplicationLocation = {},
  ): Promise<ArgoCdRevisionMetadata> {
    return this.request<ArgoCdRevisionMetadata>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(
        name,
      )}/revisions/${encodeURIComponent(revision)}/metadata`,
      {
        query: {
          appNamespace: options.appNamespace,
          project: options.project,
        },
        signal: options.signal,
      },
    );
  }

  /**
   * `POST /api/v1/applications/{name}/sync` (`ApplicationService_Sync`,
   * body `applicationApplicationSyncRequest`): starts a sync to the app's
   * target revision. Needs "applications, sync". Argo CD refuses with 400
   * (gRPC FailedPrecondition) "another operation is already in progress"
   * while an operation runs (`SetAppOperation` in argo-cd util/argo).
   */
  syncApplication(
    name: string,
    options: ApplicationLocation & { prune?: boolean } = {},
  ): Promise<ArgoCdApplication> {
    return this.request<ArgoCdApplication>(
      'POST',
      `/api/v1/applications/${encodeURIComponent(name)}/sync`,
      {
        body: {
          name,
          ...(options.appNamespace && { appNamespace: options.appNamespace }),
          ...(options.project && { project: options.project }),
          ...(options.prune !== undefined && { prune: options.prune }),
        },
        signal: options.signal,
      },
    );
  }

  /**
   * `POST /api/v1/applications/{name}/rollback` (`ApplicationService_Rollback`,
   * body `applicationApplicationRollbackRequest`): syncs the app to the
   * source and revision of its history entry `id`. Needs "applications,
   * sync". Argo CD answers 400 (FailedPrecondition) "rollback cannot be
   * initiated when auto-sync is enabled", and 400 (InvalidArgument) when the
   * app has no history entry with that id (`Rollback` in argo-cd
   * server/application/application.go).
   */
  rollbackApplication(
    name: string,
    id: number,
    options: ApplicationLocation & { prune?: boolean } = {},
  ): Promise<ArgoCdApplication> {
    return this.request<ArgoCdApplication>(
      'POST',
      `/api/v1/applications/${encodeURIComponent(name)}/rollback`,
      {
        body: {
          name,
          // int64: protojson reads a number or a string; the swagger says integer.
          id,
          ...(options.appNamespace && { appNamespace: options.appNamespace }),
          ...(options.project && { project: options.project }),
          ...(options.prune !== undefined && { prune: options.prune }),
        },
        signal: options.signal,
      },
    );
  }

  /** One project, or undefined when Argo CD says it does not exist. */
  getProject(
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ArgoCdAppProject | undefined> {
    return this.requestUnlessMissing<ArgoCdAppProject>(
      'GET',
      `/api/v1/projects/${encodeURIComponent(name)}`,
      { signal: options.signal },
    );
  }

  /** `POST /api/v1/projects`; an identical existing project is returned as is. */
  createProject(
    project: ArgoCdAppProject,
    options: { upsert?: boolean; signal?: AbortSignal } = {},
  ): Promise<ArgoCdAppProject> {
    return this.request<ArgoCdAppProject>('POST', '/api/v1/projects', {
      body: { project, ...(options.upsert && { upsert: true }) },
      signal: options.signal,
    });
  }

  /**
   * `PUT /api/v1/projects/{name}` (`ProjectService_Update`): replaces the
   * project with `project`, which must carry the `metadata.resourceVersion`
   * it was read with. Kubernetes refuses an update without one (a 400 here,
   * an `InputError`), and answers 409 (a `ConflictError`) when the project
   * changed since that read: read it again and re-apply the change.
   */
  updateProject(
    project: ArgoCdAppProject,
    options: { signal?: AbortSignal } = {},
  ): Promise<ArgoCdAppProject> {
    return this.request<ArgoCdAppProject>(
      'PUT',
      `/api/v1/projects/${encodeURIComponent(project.metadata.name)}`,
      { body: { project }, signal: options.signal },
    );
  }

  /**
   * `GET /api/v1/clusters/{server}`. Argo CD answers 403 both for a cluster
   * it does not know and for one the account may not see (it never tells
   * which clusters exist), so a miss is a NotAllowedError, not undefined.
   */
  async getCluster(
    server: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ArgoCdCluster> {
    const path = `/api/v1/clusters/${encodeURIComponent(server)}`;
    const result = await this.send<ArgoCdCluster>('GET', path, {
      signal: options.signal,
    });
    if (result instanceof HttpFailure) {
      if (result.status === 403) {
        throw new NotAllowedError(
          `Argo CD instance "${this.instance.name}" answered 403 to GET ${path}: either ${server} is not registered, or the account behind the token lacks "clusters, get" in argocd-rbac-cm (Argo CD does not say which). Register it (argocd:register-cluster) or grant the permission.`,
        );
      }
      throw this.toError('GET', path, result);
    }
    return result;
  }

  /**
   * `POST /api/v1/clusters`: registers a cluster. Argo CD first connects to
   * it (so it must be reachable), returns an identical existing entry as is,
   * and with `upsert` replaces a different one (needs "clusters, update").
   */
  createCluster(
    cluster: ArgoCdCluster,
    options: { upsert?: boolean; signal?: AbortSignal } = {},
  ): Promise<ArgoCdCluster> {
    return this.request<ArgoCdCluster>('POST', '/api/v1/clusters', {
      query: { upsert: options.upsert },
      body: cluster,
      signal: options.signal,
    });
  }

  /** Sends one API request with retries; maps failures to Backstage errors. */
  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const result = await this.send<T>(method, path, options);
    if (result instanceof HttpFailure) {
      throw this.toError(method, path, result);
    }
    return result;
  }

  /** Like `request`, but Argo CD's own "not found" (gRPC code 5) is undefined. */
  private async requestUnlessMissing<T>(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<T | undefined> {
    const result = await this.send<T>(method, path, options);
    if (result instanceof HttpFailure) {
      // Only Argo CD's own "<resource> \"<name>\" not found" means missing;
      // any other 404 comes from something else at that URL (a proxy, the
      // UI, a wrong base path), and that is an error.
      if (
        result.status === 404 &&
        result.body?.code === 5 &&
        /^[a-z0-9.]+ "[^"]+" not found$/.test(result.body.message ?? '')
      ) {
        return undefined;
      }
      throw this.toError(method, path, result);
    }
    return result;
  }

  private async send<T>(
    method: string,
    path: string,
    options: RequestOptions,
  ): Promise<T | HttpFailure> {
    let renewedSession = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      const timeout = AbortSignal.timeout(this.instance.requestTimeoutMs);
      try {
        response = await this.fetch(method, path, options, timeout);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason ?? error;
        if (error instanceof AuthenticationError) throw error;
        const reason = timeout.aborted
          ? `no answer within ${this.instance.requestTimeoutMs} ms (argocd.instances[].requestTimeoutMs)`
          : describe(error);
        if (attempt >= this.maxRetries) {
          throw new ServiceUnavailableError(
            `Could not reach Argo CD instance "${this.instance.name}" at ${
              this.instance.url
            }: ${reason}, after ${
              attempt + 1
            } attempts. Check argocd.instances[].url and that the server is up.`,
          );
        }
        await this.backoff(attempt, reason, undefined, options.signal);
        continue;
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : {}) as T;
      }
      if (
        response.status === 401 &&
        !this.instance.token &&
        this.sessionToken &&
        !renewedSession
      ) {
        // Session tokens expire; log in again once before giving up.
        await response.body?.cancel();
        this.sessionToken = undefined;
        renewedSession = true;
        attempt--;
        continue;
      }
      if (RETRYABLE.has(response.status) && attempt < this.maxRetries) {
        const retryAfter = retryAfterMs(response.headers.get('retry-after'));
        await response.body?.cancel();
        await this.backoff(
          attempt,
          `HTTP ${response.status}`,
          retryAfter,
          options.signal,
        );
        continue;
      }
      return new HttpFailure(response.status, await readErrorBody(response));
    }
  }

  private async fetch(
    method: string,
    path: string,
    options: RequestOptions,
    timeout: AbortSignal,
  ) {
    const url = new URL(`${this.instance.url}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, String(v));
      }
    }
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    const init: RequestInit & { dispatcher?: Agent } = {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined && {
          'content-type': 'application/json',
        }),
        authorization: `Bearer ${await this.token(signal)}`,
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
      dispatcher: this.dispatcher,
    };
    return fetch(url, init);
  }

  /** A configured token, or a session token from username and password. */
  private async token(signal: AbortSignal): Promise<string> {
    if (this.instance.token) return this.instance.token;
    if (this.sessionToken) return this.sessionToken;
    const init: RequestInit & { dispatcher?: Agent } = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: this.instance.username,
        password: this.instance.password,
      }),
      signal,
      dispatcher: this.dispatcher,
    };
    const response = await fetch(`${this.instance.url}/api/v1/session`, init);
    if (!response.ok) {
      await response.body?.cancel();
      if (RETRYABLE.has(response.status)) {
        // Let the caller's retry loop treat it like any unavailable server.
        throw new Error(`session login answered HTTP ${response.status}`);
      }
      throw new AuthenticationError(
        `Argo CD instance "${this.instance.name}" refused the configured username and password (HTTP ${response.status}). Check argocd.instances[].username/password.`,
      );
    }
    const { token } = (await response.json()) as { token?: string };
    if (!token) {
      throw new AuthenticationError(
        `Argo CD instance "${this.instance.name}" returned no session token.`,
      );
    }
    this.sessionToken = token;
    return token;
  }

  private toError(method: string, path: string, failure: HttpFailure) {
    const detail = failure.body?.message ?? failure.body?.error ?? '';
    const where = `Argo CD instance "${this.instance.name}" answered ${failure.status} to ${method} ${path}`;
    const said = detail ? `: ${detail}` : '';
    switch (failure.status) {
      case 400:
        return new InputError(`${where}${said}`);
      case 401:
        return new AuthenticationError(
          `${where}${said}. The token is missing, expired or revoked: create a new one (argocd account generate-token) and set it in argocd.instances[].token.`,
        );
      case 403:
        return new NotAllowedError(
          `${where}${said}. The account behind the token lacks the Argo CD RBAC permission for this; grant it in argocd-rbac-cm.`,
        );
      case 404:
        return new NotFoundError(
          `${where}${said}. Check argocd.instances[].url (it should be the API server's base URL) and the application or project name.`,
        );
      case 409:
        return new ConflictError(
          `${where}${said}. Someone changed the same object at the same time; run the step again.`,
        );
      case 429:
        return new ServiceUnavailableError(
          `${where}${said}, after ${
            this.maxRetries + 1
          } attempts. Argo CD is rate limiting this account; try again later.`,
        );
      default:
        return new ServiceUnavailableError(
          `${where}${said}${
            RETRYABLE.has(failure.status)
              ? `, after ${this.maxRetries + 1} attempts`
              : ''
          }.`,
        );
    }
  }

  private async backoff(
    attempt: number,
    reason: string,
    retryAfter: number | undefined,
    signal?: AbortSignal,
  ) {
    // Full jitter keeps several replicas from retrying in step.
    const ms = backoffDelay(attempt, {
      baseMs: this.backoffMs,
      maxMs: this.maxBackoffMs,
      retryAfterMs: retryAfter,
    });
    this.logger?.warn(
      `Argo CD instance "${this.instance.name}": ${reason}; retrying in ${(
        ms / 1000
      ).toFixed(1)} s (attempt ${attempt + 2} of ${this.maxRetries + 1})`,
    );
    await abortableSleep(ms, signal);
  }
}

async function readErrorBody(
  response: Response,
): Promise<ArgoCdErrorBody | undefined> {
  try {
    const body = await response.json();
    return body && typeof body === 'object' ? body : undefined;
  } catch {
    // Argo CD answers JSON; a proxy in front of it may not.
    return undefined;
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return (
    cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)
  );
}
