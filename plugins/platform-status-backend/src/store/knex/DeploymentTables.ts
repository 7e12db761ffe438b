import type { DeploymentRecord } from '@groundwork/plugin-platform-status-node';
import { Knex } from 'knex';
import type { DeploymentWrite, StoredDeployment } from '../StatusStore';
import { chunks } from './chunks';
import { DEPLOYMENTS } from './rows';

/** Syncs kept per entity and environment: the newest win. */
export const DEPLOYMENTS_PER_ENVIRONMENT = 50;

/** Columns every write replaces; commit and images only when it has them. */
const ALWAYS = [
  'app_namespace',
  'history_id',
  'revision',
  'repo_url',
  'started_at',
  'finished_at',
  'sort_at',
  'result',
  'message',
  'initiated_by',
  'recorded_at',
];

function rowOf(write: DeploymentWrite, d: DeploymentRecord, at: string) {
  return {
    entity_ref: write.entityRef,
    environment: write.environment,
    origin: write.origin,
    app_namespace: write.appNamespace ?? null,
    app_name: write.appName,
    deployment_key: d.key,
    history_id: d.historyId ?? null,
    revision: d.revision ?? null,
    repo_url: d.repoURL ?? null,
    started_at: d.startedAt ?? null,
    finished_at: d.finishedAt ?? null,
    sort_at: d.startedAt ?? d.finishedAt ?? at,
    result: d.result,
    message: d.message ?? null,
    initiated_by: d.initiatedBy ?? null,
    commit: d.commit ? JSON.stringify(d.commit) : null,
    images: d.images ? JSON.stringify(d.images) : null,
    recorded_at: at,
  };
}

/**
 * Writes the syncs of apps whose delivery changed, inside the transaction
 * that writes their snapshots. A commit or image list once known stays when
 * a later write lacks it (the image list belongs to the sync that was
 * current when it was read); each environment keeps its newest
 * DEPLOYMENTS_PER_ENVIRONMENT.
 */
export async function writeDeployments(
  trx: Knex.Transaction,
  writes: DeploymentWrite[],
  at: string,
) {
  const rows = writes.flatMap(w => w.deployments.map(d => rowOf(w, d, at)));
  const groups = new Map<string, typeof rows>();
  for (const row of rows) {
    const columns = `${row.commit !== null}/${row.images !== null}`;
    groups.set(columns, [...(groups.get(columns) ?? []), row]);
  }
  for (const [columns, group] of groups) {
    const [commit, images] = columns.split('/').map(c => c === 'true');
    const merge = [
      ...ALWAYS,
      ...(commit ? ['commit'] : []),
      ...(images ? ['images'] : []),
    ];
    for (const batch of chunks(group, 50)) {
      await trx(DEPLOYMENTS)
        .insert(batch)
        .onConflict([
          'entity_ref',
          'environment',
          'origin',
          'app_name',
          'deployment_key',
        ])
        .merge(merge);
    }
  }
  const environments = new Map(
    writes.map(w => [`${w.entityRef}\n${w.environment}`, w]),
  );
  for (const { entityRef, environment } of environments.values()) {
    const extra = await trx(DEPLOYMENTS)
      .where({ entity_ref: entityRef, environment })
      .orderBy([
        { column: 'sort_at', order: 'desc' },
        { column: 'deployment_key', order: 'desc' },
      ])
      .offset(DEPLOYMENTS_PER_ENVIRONMENT)
      .limit(1000)
      .select('origin', 'app_name', 'deployment_key');
    for (const gone of extra) {
      await trx(DEPLOYMENTS)
        .where({ entity_ref: entityRef, environment, ...gone })
        .delete();
    }
  }
}

/** An environment's syncs, newest first. */
export async function readDeployments(
  knex: Knex,
  entityRef: string,
  environment: string,
  limit: number,
): Promise<StoredDeployment[]> {
  const rows = await knex(DEPLOYMENTS)
    .where({ entity_ref: entityRef, environment })
    .orderBy([
      { column: 'sort_at', order: 'desc' },
      { column: 'deployment_key', order: 'desc' },
    ])
    .limit(limit)
    .select();
  return rows.map(r => ({
    origin: r.origin,
    appName: r.app_name,
    appNamespace: r.app_namespace ?? undefined,
    key: r.deployment_key,
    ...(r.history_id !== null && { historyId: Number(r.history_id) }),
    revision: r.revision ?? undefined,
    repoURL: r.repo_url ?? undefined,
    startedAt: r.started_at ?? undefined,
    finishedAt: r.finished_at ?? undefined,
    result: r.result,
    message: r.message ?? undefined,
    initiatedBy: r.initiated_by ?? undefined,
    commit: r.commit ? JSON.parse(r.commit) : undefined,
    images: r.images ? JSON.parse(r.images) : undefined,
  }));
}
