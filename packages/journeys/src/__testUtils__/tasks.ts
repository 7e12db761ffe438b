import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { setTimeout as sleep } from 'node:timers/promises';

export type Server = Parameters<typeof request>[0];

interface TaskEvent {
  type: string;
  body: any;
  createdAt: string;
}

export interface FinishedTask {
  id: string;
  status: string;
  /** The template's output (links, text), from the completion event. */
  output: any;
  error?: string;
  /** Per step id, the status its last log event reported. */
  steps: Record<string, string>;
  /** Log lines, without the logger's colour codes. */
  log: string[];
  events: TaskEvent[];
}

/** A person of the test organisation: maria, a member of payments, by default. */
export const asUser = (ref = 'user:default/maria') => ({
  Authorization: mockCredentials.user.header(ref),
});

/** Polls until `probe` answers something, or gives up after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** GET a catalog entity, once the catalog has processed it. */
export function catalogEntity(server: Server, ref: string, timeoutMs?: number) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return until(
    `${ref} in the catalog`,
    async () => {
      const res = await request(server)
        .get(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`)
        .set(asUser());
      return res.status === 200 ? res.body : undefined;
    },
    timeoutMs,
  );
}

/**
 * What a user does from the Create page, through the REST API the page
 * uses: POST /v2/tasks with the template and the form's values, then follow
 * the task (GET /v2/tasks/:id and its events) until it ends.
 */
export async function runTemplate(
  server: Server,
  template: string,
  values: Record<string, unknown>,
  timeoutMs = 180_000,
): Promise<FinishedTask> {
  const id = await startTask(server, template, values);
  return followTask(server, id, template, timeoutMs);
}

/** POST /v2/tasks as the Create page does; returns the task's id. */
export async function startTask(
  server: Server,
  template: string,
  values: Record<string, unknown>,
): Promise<string> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set(asUser())
    .send({ templateRef: `template:default/${template}`, values });
  if (created.status !== 201) {
    throw new Error(
      `POST /v2/tasks answered ${created.status}: ${JSON.stringify(
        created.body,
      )}`,
    );
  }
  return created.body.id as string;
}

/** Follows task `id` until it ends; what the task page would show. */
export async function followTask(
  server: Server,
  id: string,
  template: string,
  timeoutMs = 180_000,
): Promise<FinishedTask> {
  const status = await until(
    `task ${id} of ${template} to end`,
    async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(asUser());
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? (res.body.status as string)
        : undefined;
    },
    timeoutMs,
  );
  const res = await request(server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set(asUser());
  const events = res.body as TaskEvent[];
  const completion = events.find(e => e.type === 'completion');
  const steps: Record<string, string> = {};
  const log: string[] = [];
  for (const e of events) {
    if (e.type !== 'log') continue;
    if (e.body.stepId && e.body.status) steps[e.body.stepId] = e.body.status;
    // eslint-disable-next-line no-control-regex
    log.push(String(e.body.message ?? '').replace(/\u001b\[\d+m/g, ''));
  }
  return {
    id,
    status,
    output: completion?.body.output,
    error: completion?.body.error?.message,
    steps,
    log,
    events,
  };
}

/** GET /api/platform-status/entities/... : the entity's environments by name. */
export async function platformStatus(
  server: Server,
  ref: string,
): Promise<Record<string, any>> {
  const [kind, rest] = ref.split(':');
  const res = await request(server)
    .get(`/api/platform-status/entities/${kind}/${rest}`)
    .set(asUser());
  if (res.status !== 200) {
    throw new Error(
      `GET platform status of ${ref} answered ${res.status}: ${JSON.stringify(
        res.body,
      )}`,
    );
  }
  return Object.fromEntries(
    (res.body.environments as any[]).map(e => [e.name, e]),
  );
}
