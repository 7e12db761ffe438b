import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Agent } from 'undici';
import type { ArgoCdInstance } from './config';
import type { ArgoCdApplication, ArgoCdApplicationList } from './types';

export interface RequestOptions {
  query?: Record<string, string | string[] | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface ArgoCdClientOptions {
  instance: ArgoCdInstance;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  maxRetries?: number;
  /** First backoff in ms; doubles each retry, with full jitter (default 250). */
  backoffMs?: number;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/**
 * A small Argo CD REST client. Credentials and URL come from config only;
 * TLS verification stays on (a private CA is added through `caData`).
 */
export class ArgoCdClient {
  private readonly instance: ArgoCdInstance;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly dispatcher?: Agent;
  private sessionToken?: string;

  constructor(options: ArgoCdClientOptions) {
    this.instance = options.instance;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffMs = options.backoffMs ?? 250;
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

  /** Sends one API request with retries; maps failures to Backstage errors. */
  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.send(method, path, options);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (attempt >= this.maxRetries) {
          throw new ServiceUnavailableError(
            `Could not reach Argo CD instance "${this.instance.name}" at ${
              this.instance.url
            }: ${describe(
              error,
            )}. Check argocd.instances[].url and that the server is up.`,
          );
        }
        await this.sleep(attempt, options.signal);
        continue;
      }
      if (response.ok) {
        const text = await response.text();
        return (text ? JSON.parse(text) : {}) as T;
      }
      if (RETRYABLE.has(response.status) && attempt < this.maxRetries) {
        await response.body?.cancel();
        await this.sleep(attempt, options.signal);
        continue;
      }
      throw await this.toError(method, path, response);
    }
  }

  private async send(method: string, path: string, options: RequestOptions) {
    const url = new URL(`${this.instance.url}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, String(v));
      }
    }
    const timeout = AbortSignal.timeout(this.instance.requestTimeoutMs);
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

  private async toError(method: string, path: string, response: Response) {
    let detail = '';
    try {
      const body = (await response.json()) as {
        message?: string;
        error?: string;
      };
      detail = body.message ?? body.error ?? '';
    } catch {
      // Argo CD answers JSON; a proxy in front of it may not.
    }
    const where = `Argo CD instance "${this.instance.name}" answered ${response.status} to ${method} ${path}`;
    const said = detail ? `: ${detail}` : '';
    switch (response.status) {
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
        return new ConflictError(`${where}${said}`);
      default:
        return new ServiceUnavailableError(`${where}${said}`);
    }
  }

  private sleep(attempt: number, signal?: AbortSignal) {
    // Full jitter keeps several replicas from retrying in step.
    const ms = Math.random() * this.backoffMs * 2 ** attempt;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return (
    cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error)
  );
}
