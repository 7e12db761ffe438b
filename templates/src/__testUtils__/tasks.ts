import path from 'node:path';
import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { TEMPLATES_DIR, loadTemplate } from '../testing/portal';

/** A template as the catalog holds it, with the location the scaffolder resolves its skeletons from. */
export function templateEntity(name: string): Entity {
  const t = loadTemplate(name);
  return {
    ...t,
    metadata: {
      ...t.metadata,
      namespace: 'default',
      annotations: {
        ...t.metadata.annotations,
        'backstage.io/managed-by-location': `file:${path.join(
          TEMPLATES_DIR,
          name,
          'template.yaml',
        )}`,
      },
    },
  };
}

/** POST /v2/tasks, as the Create page does. */
export function createTask(
  server: any,
  template: string,
  values: Record<string, unknown>,
) {
  return request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: `template:default/${template}`, values });
}

interface EndedTask {
  status: string;
  /** Per step id, the status its last log event reported. */
  steps: Record<string, string>;
  /** Log lines, without the logger's colour codes. */
  log: string[];
}

/** Follows a task until it ends, and reads its events. */
export async function taskEnd(
  server: any,
  id: string,
  timeoutMs = 90_000,
): Promise<EndedTask> {
  const deadline = Date.now() + timeoutMs;
  let status: string;
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${id}`)
      .set('Authorization', mockCredentials.user.header());
    status = task.body.status;
    if (['completed', 'failed', 'cancelled'].includes(status)) break;
    if (Date.now() > deadline) throw new Error(`task ${id} never ended`);
    await new Promise(r => setTimeout(r, 200));
  }
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set('Authorization', mockCredentials.user.header());
  const steps: Record<string, string> = {};
  const log: string[] = [];
  for (const e of events.body as any[]) {
    if (e.type !== 'log') continue;
    if (e.body.stepId && e.body.status) steps[e.body.stepId] = e.body.status;
    // eslint-disable-next-line no-control-regex
    log.push(String(e.body.message ?? '').replace(/\u001b\[\d+m/g, ''));
  }
  return { status, steps, log };
}
