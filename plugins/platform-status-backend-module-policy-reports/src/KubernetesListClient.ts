import http from 'node:http';
import https from 'node:https';
import type { PolicyReportCluster } from './config';

/** A Kubernetes list response (`<Kind>List`), as far as paging needs it. */
interface KubernetesList<T> {
  kind?: string;
  metadata?: { continue?: string; resourceVersion?: string };
  items?: T[];
}

/** The API server's `metav1.Status` error body, as far as we read it. */
interface KubernetesStatus {
  kind?: string;
  reason?: string;
  message?: string;
  code?: number;
}

/** A failed call, with a sentence that says what to fix (never the token). */
export class KubernetesApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** Longest answer body read (a page of reports); more is refused. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Lists one resource of one cluster with a service-account token, in pages
 * (`limit`, `metadata.continue`), at most `maxPages` calls; an expired
 * continue token (410) starts the listing over once within that bound.
 * Only GET; the token goes in the Authorization header and nowhere else.
 */
export class KubernetesListClient {
  constructor(
    private readonly cluster: PolicyReportCluster,
    private readonly options: { pageSize: number; maxPages: number },
  ) {}

  /** Every item of `path` (e.g. `/apis/wgpolicyk8s.io/v1alpha2/policyreports`). */
  async listAll<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const { pageSize, maxPages } = this.options;
    let items: T[] = [];
    let token: string | undefined;
    let restarted = false;
    for (let calls = 0; calls < maxPages; calls++) {
      const query = new URLSearchParams({ limit: String(pageSize) });
      if (token) query.set('continue', token);
      let page: KubernetesList<T>;
      try {
        page = await this.get<KubernetesList<T>>(`${path}?${query}`, signal);
      } catch (error) {
        // The snapshot the pages were read from is gone (etcd compacted):
        // start over for a consistent list, once.
        if (
          error instanceof KubernetesApiError &&
          error.status === 410 &&
          !restarted
        ) {
          restarted = true;
          items = [];
          token = undefined;
          continue;
        }
        throw error;
      }
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
      if (!token) return items;
    }
    throw new KubernetesApiError(
      `Listing ${path} on the cluster "${this.cluster.name}" needs more than ${maxPages} calls of ${pageSize}; raise platformStatus.policyReports.maxPagesPerCycle or pageSize.`,
    );
  }

  private get<T>(pathAndQuery: string, signal?: AbortSignal): Promise<T> {
    const { cluster } = this;
    const url = new URL(`${cluster.url}${pathAndQuery}`);
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method: 'GET',
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${cluster.serviceAccountToken}`,
          },
          ...(url.protocol === 'https:' && cluster.ca
            ? { ca: cluster.ca }
            : {}),
          signal,
          timeout: 30_000,
        },
        res => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
              req.destroy(
                new KubernetesApiError(
                  `The cluster "${cluster.name}" answered more than ${MAX_BODY_BYTES} bytes for one page; lower platformStatus.policyReports.pageSize.`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300 && body) {
              resolve(body as T);
              return;
            }
            reject(
              this.errorOf(
                status,
                body as KubernetesStatus | undefined,
                url.pathname,
              ),
            );
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(
          new KubernetesApiError(
            `The cluster "${cluster.name}" did not answer within 30 s.`,
          ),
        ),
      );
      req.on('error', error =>
        reject(
          error instanceof KubernetesApiError
            ? error
            : new KubernetesApiError(
                `The cluster "${cluster.name}" could not be reached at ${
                  url.origin
                }: ${(error as NodeJS.ErrnoException).code ?? error.message}.`,
              ),
        ),
      );
      req.end();
    });
  }

  private errorOf(
    status: number,
    body: KubernetesStatus | undefined,
    path: string,
  ) {
    const { name } = this.cluster;
    const said =
      body?.kind === 'Status' && body.message ? `: ${body.message}` : '';
    if (status === 401) {
      return new KubernetesApiError(
        `The cluster "${name}" refused the service-account token (401 Unauthorized); check platformStatus.policyReports.clusters[].serviceAccountToken.`,
        401,
        body?.reason,
      );
    }
    if (status === 403) {
      return new KubernetesApiError(
        `The cluster "${name}" does not let the token list ${path} (403 Forbidden${said}); bind its service account to the ClusterRole groundwork-policy-report-reader (the environment template's kyverno-policies add-on).`,
        403,
        body?.reason,
      );
    }
    if (status === 404) {
      return new KubernetesApiError(
        `The cluster "${name}" does not serve ${path} (404): is Kyverno (its policy report CRDs) installed?`,
        404,
        body?.reason,
      );
    }
    return new KubernetesApiError(
      `The cluster "${name}" answered ${status}${
        said || (body ? '' : ' without a JSON body')
      }.`,
      status,
      body?.reason,
    );
  }
}
