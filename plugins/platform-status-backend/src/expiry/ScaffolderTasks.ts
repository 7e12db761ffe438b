import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** A scaffolder task as the expiry job follows it. */
export type TeardownTask =
  | { status: 'running' }
  | { status: 'completed' }
  | { status: 'failed'; reason: string }
  | { status: 'missing' };

/** What the expiry job asks of the scaffolder (an interface, for the job's tests). */
export interface TeardownTasks {
  /** Starts a task of the template; returns its id. */
  create(templateRef: string, entityRef: string): Promise<string>;
  read(taskId: string): Promise<TeardownTask>;
}

/** The completion event of a finished task (the scaffolder's SerializedTaskEvent). */
interface TaskEvent {
  type: string;
  body: { message?: string; error?: { name?: string; message?: string } };
}

/**
 * The scaffolder's task API (`POST /v2/tasks`, `GET /v2/tasks/{taskId}`,
 * `GET /v2/tasks/{taskId}/events`), called with this plugin's own service
 * credentials: the teardown runs for the portal, not for a person, and the
 * template's first step decides whether the entity may go.
 */
export class ScaffolderTeardownTasks implements TeardownTasks {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private async call(path: string, init?: RequestInit): Promise<Response> {
    const { discovery, auth } = this.deps;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl('scaffolder'),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'scaffolder',
      }),
    ]);
    return fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        ...init?.headers,
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
    });
  }

  async create(templateRef: string, entityRef: string): Promise<string> {
    const res = await this.call('/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef, values: { entityRef } }),
    });
    if (res.status !== 201) throw await ResponseError.fromResponse(res);
    const { id } = (await res.json()) as { id?: unknown };
    if (typeof id !== 'string' || !id) {
      throw new Error(
        `The scaffolder answered POST /v2/tasks without a task id`,
      );
    }
    return id;
  }

  async read(taskId: string): Promise<TeardownTask> {
    const id = encodeURIComponent(taskId);
    const res = await this.call(`/v2/tasks/${id}`);
    if (res.status === 404) return { status: 'missing' };
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const task = (await res.json()) as { status?: string };
    switch (task.status) {
      case 'completed':
        return { status: 'completed' };
      case 'failed':
      case 'cancelled':
        return {
          status: 'failed',
          reason: await this.failure(id, task.status),
        };
      default:
        // open, processing: still to come.
        return { status: 'running' };
    }
  }

  /** The task's own words for why it ended: its completion event. */
  private async failure(id: string, status: string): Promise<string> {
    const fallback = `The teardown task was ${status}`;
    const res = await this.call(`/v2/tasks/${id}/events`);
    if (!res.ok) return fallback;
    const events = (await res.json()) as TaskEvent[];
    const completion = [...events]
      .reverse()
      .find(e => e.type === 'completion' || e.type === 'cancelled');
    const error = completion?.body.error;
    if (error?.message) {
      return `${error.name ? `${error.name}: ` : ''}${error.message}`;
    }
    return completion?.body.message ?? fallback;
  }
}
