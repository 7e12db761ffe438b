import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import { backoffDelay } from '../retry';
import { sleep } from './sleep';

const JSON_API = 'application/vnd.api+json';

export interface JsonApiResource<A = Record<string, any>> {
  id: string;
  type: string;
  attributes: A;
  relationships?: Record<
    string,
    {
      data?:
        | { id: string; type: string }
        | Array<{ id: string; type: string }>
        | null;
    }
  >;
  links?: Record<string, string>;
}

export interface RunAttributes {
  status: string;
  actions?: {
    'is-cancelable'?: boolean;
    'is-confirmable'?: boolean;
    'is-discardable'?: boolean;
    'is-force-cancelable'?: boolean;
  };
  'has-changes'?: boolean;
  'plan-only'?: boolean;
}

/** Attributes of an assessment result (HCP Terraform health assessments). */
export interface AssessmentResultAttributes {
  drifted: boolean;
  succeeded: boolean;
  'error-msg'?: string | null;
  'created-at': string;
  'resources-drifted'?: number;
  'resources-undrifted'?: number;
}

interface StateOutput {
  name: string;
  sensitive: boolean;
  type?: unknown;
  value: unknown;
}

/**
 * The parts of the HCP Terraform / Terraform Enterprise API (JSON:API, v2)
 * the executor uses. GETs are retried with jittered backoff on 429, 5xx and
 * network errors; errors carry a sentence saying what to do.
 */
export class HcpClient {
  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      /** Per request; the step's cancellation must not abort the cancel request itself. */
      requestTimeoutMs?: number;
      retries?: number;
      retryBaseMs?: number;
    },
  ) {}

  private timeout() {
    return AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000);
  }

  private url(path: string) {
    return `${this.options.baseUrl}/api/v2${path}`;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { notFound?: 'undefined'; signal?: AbortSignal } = {},
  ): Promise<T | undefined> {
    const retries = method === 'GET' ? this.options.retries ?? 4 : 0;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.url(path), {
          method,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: JSON_API,
            ...(body !== undefined && { 'content-type': JSON_API }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: opts.signal ?? this.timeout(),
        });
      } catch (e) {
        if (attempt < retries) {
          await this.backoff(attempt);
          continue;
        }
        throw new Error(
          `HCP Terraform at ${this.options.baseUrl} could not be reached (${
            (e as Error).message
          }); check terraform.hcp.host and the network from the backend.`,
        );
      }
      if (
        (response.status === 429 || response.status >= 500) &&
        attempt < retries
      ) {
        const after = Number(response.headers.get('retry-after'));
        await this.backoff(attempt, after > 0 ? after * 1000 : undefined);
        continue;
      }
      if (response.status === 404 && opts.notFound === 'undefined')
        return undefined;
      if (!response.ok) throw await this.error(method, path, response);
      if (response.status === 204 || response.status === 202) {
        await response.arrayBuffer();
        return undefined;
      }
      const text = await response.text();
      return (text ? JSON.parse(text) : undefined) as T;
    }
  }

  private async backoff(attempt: number, fixedMs?: number) {
    const base = this.options.retryBaseMs ?? 500;
    const ms =
      fixedMs ??
      backoffDelay(attempt, { baseMs: base, jitter: { min: 0.5, max: 1.5 } });
    await sleep(ms);
  }

  private async error(method: string, path: string, response: Response) {
    const cause = await ResponseError.fromResponse(response);
    let detail = '';
    try {
      const errors = (cause.body as any)?.error?.message;
      detail = errors ? `: ${errors}` : '';
    } catch {
      detail = '';
    }
    const what = `${method} ${path} answered ${response.status}${detail}`;
    switch (response.status) {
      case 401:
        return new NotAllowedError(
          `HCP Terraform refused the token (${what}); set a valid team or user token in terraform.hcp.token.`,
        );
      case 403:
        return new NotAllowedError(
          `The HCP Terraform token may not do this (${what}); give its team the workspace's "write" (queue plans, apply runs) permission.`,
        );
      case 404:
        return new NotFoundError(
          `Not found in HCP Terraform (${what}): check the organization and workspace names, and that the token's team can see them.`,
        );
      case 409:
        return new ConflictError(`HCP Terraform refused the change (${what}).`);
      case 422:
        return new InputError(`HCP Terraform refused the request (${what}).`);
      default:
        return cause;
    }
  }

  async findWorkspace(org: string, name: string) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'GET',
      `/organizations/${encodeURIComponent(
        org,
      )}/workspaces/${encodeURIComponent(name)}`,
      undefined,
      { notFound: 'undefined' },
    );
    return doc?.data;
  }

  async createWorkspace(org: string, attributes: Record<string, unknown>) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'POST',
      `/organizations/${encodeURIComponent(org)}/workspaces`,
      { data: { type: 'workspaces', attributes } },
    );
    return doc!.data;
  }

  async listVars(workspaceId: string) {
    const doc = await this.request<{ data: JsonApiResource[] }>(
      'GET',
      `/workspaces/${workspaceId}/vars`,
    );
    return doc?.data ?? [];
  }

  async createVar(workspaceId: string, attributes: Record<string, unknown>) {
    await this.request('POST', `/workspaces/${workspaceId}/vars`, {
      data: { type: 'vars', attributes },
    });
  }

  async updateVar(
    workspaceId: string,
    varId: string,
    attributes: Record<string, unknown>,
  ) {
    await this.request('PATCH', `/workspaces/${workspaceId}/vars/${varId}`, {
      data: { id: varId, type: 'vars', attributes },
    });
  }

  async createConfigurationVersion(workspaceId: string, speculative: boolean) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'POST',
      `/workspaces/${workspaceId}/configuration-versions`,
      {
        data: {
          type: 'configuration-versions',
          attributes: { 'auto-queue-runs': false, speculative },
        },
      },
    );
    return {
      id: doc!.data.id,
      uploadUrl: doc!.data.attributes['upload-url'] as string,
    };
  }

  /** The upload URL is pre-signed: no token goes to it. */
  async upload(uploadUrl: string, archive: Buffer) {
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: archive,
      signal: AbortSignal.timeout(10 * 60 * 1000),
    });
    if (!response.ok) {
      throw new Error(
        `Uploading the configuration to HCP Terraform failed (${response.status}); try again.`,
      );
    }
    await response.arrayBuffer();
  }

  async configurationVersion(id: string) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'GET',
      `/configuration-versions/${id}`,
    );
    return doc!.data;
  }

  async createRun(
    attributes: Record<string, unknown>,
    workspaceId: string,
    cvId: string,
  ) {
    const doc = await this.request<{ data: JsonApiResource<RunAttributes> }>(
      'POST',
      '/runs',
      {
        data: {
          type: 'runs',
          attributes,
          relationships: {
            workspace: { data: { type: 'workspaces', id: workspaceId } },
            'configuration-version': {
              data: { type: 'configuration-versions', id: cvId },
            },
          },
        },
      },
    );
    return doc!.data;
  }

  async run(id: string) {
    const doc = await this.request<{ data: JsonApiResource<RunAttributes> }>(
      'GET',
      `/runs/${id}`,
    );
    return doc!.data;
  }

  async plan(id: string) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'GET',
      `/plans/${id}`,
    );
    return doc!.data;
  }

  async applyOf(id: string) {
    const doc = await this.request<{ data: JsonApiResource }>(
      'GET',
      `/applies/${id}`,
    );
    return doc!.data;
  }

  /** The plan JSON: a 307 to a short-lived URL (followed); 204 while not ready. */
  async planJson(planId: string): Promise<Buffer | undefined> {
    return this.jsonOutput(`/plans/${planId}/json-output`);
  }

  /**
   * The workspace's latest health assessment (drift detection); undefined
   * when the workspace has none: assessments are off, or none has run yet
   * (the API answers 404). Assessment Results API:
   * https://developer.hashicorp.com/terraform/cloud-docs/api-docs/assessment-results
   */
  async currentAssessmentResult(workspaceId: string, signal?: AbortSignal) {
    const doc = await this.request<{
      data: JsonApiResource<AssessmentResultAttributes>;
    }>(
      'GET',
      `/workspaces/${encodeURIComponent(
        workspaceId,
      )}/current-assessment-result`,
      undefined,
      { notFound: 'undefined', signal },
    );
    return doc?.data;
  }

  /**
   * The assessment's refresh-only plan as JSON (`resource_drift` says what
   * changed). HashiCorp refuses it to organization tokens: it needs a user
   * or team token with admin access to the workspace.
   */
  async assessmentJson(
    assessmentResultId: string,
  ): Promise<Buffer | undefined> {
    return this.jsonOutput(
      `/assessment-results/${encodeURIComponent(
        assessmentResultId,
      )}/json-output`,
    );
  }

  /** A JSON output: a 307 to a short-lived URL (followed); 204 while not ready. */
  private async jsonOutput(path: string): Promise<Buffer | undefined> {
    const response = await fetch(this.url(path), {
      headers: {
        authorization: `Bearer ${this.options.token}`,
        accept: JSON_API,
      },
      redirect: 'follow',
      signal: AbortSignal.timeout(5 * 60 * 1000),
    });
    if (response.status === 204) {
      await response.arrayBuffer();
      return undefined;
    }
    if (!response.ok) throw await this.error('GET', path, response);
    return Buffer.from(await response.arrayBuffer());
  }

  async action(
    runId: string,
    action: 'apply' | 'discard' | 'cancel' | 'force-cancel',
    comment: string,
  ) {
    await this.request('POST', `/runs/${runId}/actions/${action}`, { comment });
  }

  async currentStateVersion(workspaceId: string) {
    const doc = await this.request<{
      data: JsonApiResource;
      included?: JsonApiResource[];
    }>(
      'GET',
      `/workspaces/${workspaceId}/current-state-version?include=outputs`,
      undefined,
      {
        notFound: 'undefined',
      },
    );
    if (!doc) return undefined;
    const run = doc.data.relationships?.run?.data as { id: string } | undefined;
    const outputs: StateOutput[] = (doc.included ?? [])
      .filter(r => r.type === 'state-version-outputs')
      .map(r => ({
        name: r.attributes.name,
        sensitive: Boolean(r.attributes.sensitive),
        type: r.attributes.type,
        value: r.attributes.value,
      }));
    return { id: doc.data.id, runId: run?.id, outputs };
  }

  /** Reads a log from `offset` (archivist URLs take offset and limit; no token). */
  async readLog(
    url: string,
    offset: number,
    limit = 64 * 1024,
  ): Promise<Buffer> {
    const u = new URL(url);
    u.searchParams.set('offset', String(offset));
    u.searchParams.set('limit', String(limit));
    const response = await fetch(u, { signal: this.timeout() });
    if (!response.ok) {
      await response.arrayBuffer();
      return Buffer.alloc(0);
    }
    return Buffer.from(await response.arrayBuffer());
  }
}
