/*
 * Seeds the platform-status store for the benchmark: N entities x 3
 * environments, each environment with an infrastructure run of 30 findings,
 * an Argo CD delivery snapshot and a month-to-date actual, and
 * GW_BENCH_HISTORY (default 50, the store's bound) Argo CD syncs in its
 * deployment history, written in bulk
 * through the store's own tables, then the overview rows computed by the
 * plugin's own code (StatusService.refreshOverview).
 */
import { ConfigReader } from '@backstage/config';
import { SEVERITIES } from '@groundwork/plugin-platform-status-common';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { Knex } from 'knex';
import { mirrorEntity } from '../src/catalog/entitySettings';
import { StatusService } from '../src/status/StatusService';
import { KnexStatusStore } from '../src/store/knex/KnexStatusStore';
import type { InfrastructureData } from '../src/status/types';
import { sortFindings } from '../src/status/findingsOrder';

/** Syncs per entity and environment: the store keeps at most 50. */
const HISTORY = Number(process.env.GW_BENCH_HISTORY ?? 50);

const VERDICTS = ['pass', 'pass', 'pass', 'fail', 'warn', 'unknown', 'waived'];

export const benchEnvironmentsConfig = {
  groundwork: {
    currency: 'USD',
    environments: [
      {
        name: 'dev',
        monthlyBudget: 500,
        cloud: { provider: 'aws', account: '111111111111' },
      },
      {
        name: 'staging',
        monthlyBudget: 1000,
        cloud: { provider: 'aws', account: '222222222222' },
      },
      {
        name: 'prod',
        production: true,
        monthlyBudget: 5000,
        cloud: { provider: 'aws', account: '333333333333' },
      },
    ],
  },
};

/** Deterministic pseudo-random numbers, so every run seeds the same data. */
function random(initial: number) {
  let s = initial >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function entityName(i: number) {
  return `svc-${String(i).padStart(5, '0')}`;
}

export async function seed(knex: Knex, count: number, log = console.log) {
  const started = Date.now();
  const environments = readGroundworkEnvironments(
    new ConfigReader(benchEnvironmentsConfig),
  );
  const store = await KnexStatusStore.create({
    database: { getClient: async () => knex, migrations: { skip: false } },
  });
  for (const table of [
    'platform_status_overview',
    'platform_status_snapshots',
    'platform_status_history',
    'platform_status_entities',
    'platform_status_deployments',
  ]) {
    await knex(table).delete();
  }
  const rand = random(42);
  const owners = Array.from({ length: 40 }, (_, i) => `team-${i}`);
  const systems = Array.from({ length: 200 }, (_, i) => `system-${i}`);
  const syncedAt = new Date().toISOString();
  const now = Date.now();
  const refs: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const entities = [];
    const snapshots: Record<string, unknown>[] = [];
    const deployments: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(count, start + 500); i++) {
      const name = entityName(i);
      const owner = owners[i % owners.length];
      const system = systems[i % systems.length];
      const entity = mirrorEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name,
            namespace: 'default',
            title: `Service ${i}`,
            annotations: {
              'groundwork.dev/environments': 'dev,staging,prod',
              'groundwork.dev/budgets': `prod=${1000 + (i % 50) * 100}`,
            },
          },
          spec: { type: 'service', lifecycle: 'production', owner, system },
          relations: [
            { type: 'ownedBy', targetRef: `group:default/${owner}` },
            { type: 'partOf', targetRef: `system:default/${system}` },
          ],
        },
        environments,
      );
      entities.push(entity);
      refs.push(entity.entityRef);
      for (const env of environments.environments) {
        const finishedAt = new Date(
          now - rand() * 7 * 86_400_000,
        ).toISOString();
        const findings = Array.from({ length: 30 }, (_, f) => {
          const verdict = VERDICTS[Math.floor(rand() * VERDICTS.length)];
          return {
            ruleId: `GW-AWS-${String(f + 1).padStart(3, '0')}`,
            title: `Rule ${f + 1} holds for this resource`,
            severity: SEVERITIES[Math.floor(rand() * 4)],
            verdict,
            address: `module.app.aws_s3_bucket.bucket_${f}`,
            resourceType: 'aws_s3_bucket',
            message: `The bucket ${f} ${
              verdict === 'pass' ? 'complies' : 'does not comply'
            } with rule ${f + 1}.`,
            remediation: 'Set the attribute as the rule describes.',
            ...(verdict === 'waived' && {
              waiver: {
                reason: 'Migration planned',
                owner: `group:default/${owner}`,
                expires: '2027-03-31',
                expired: false,
              },
            }),
          };
        });
        const failed = { critical: 0, high: 0, medium: 0, low: 0 };
        for (const f of findings)
          if (f.verdict === 'fail') failed[f.severity]++;
        const score = Math.max(
          0,
          100 -
            failed.critical * 10 -
            failed.high * 5 -
            failed.medium * 2 -
            failed.low,
        );
        const before = Math.round(rand() * 3000);
        const after = Math.round(before * (0.8 + rand() * 0.4));
        const runId = `bench-${i}-${env.name}`;
        const data: InfrastructureData = {
          run: {
            runId,
            tool: 'terraform',
            executor: 'cli',
            result: 'applied',
            startedAt: finishedAt,
            finishedAt,
            summary: { add: 1, change: 2, destroy: 0, replace: 0 },
            resourceCount: 30,
          },
          evaluation: {
            runId,
            result: 'applied',
            finishedAt,
            compliance: {
              score,
              failed,
              waived: findings.filter(f => f.verdict === 'waived').length,
              warned: findings.filter(f => f.verdict === 'warn').length,
              unknown: findings.filter(f => f.verdict === 'unknown').length,
              passed: findings.filter(f => f.verdict === 'pass').length,
              threshold: env.production ? 'high' : 'critical',
              blocking: false,
            },
            cost: {
              currency: 'USD',
              monthlyBefore: before,
              monthlyAfter: after,
              delta: after - before,
              coverage: { priced: 28, usagePriced: 1, unpriced: 1 },
              priceTableDate: '2026-10-01',
            },
          },
          trend: [{ at: finishedAt, estimatedMonthly: after }],
        };
        // What the Argo CD collector writes: syncs every few hours, each
        // with its commit, the newest with its images.
        for (let h = 0; h < HISTORY; h++) {
          const at = new Date(now - (HISTORY - h) * 3 * 3_600_000);
          const startedAt = at.toISOString();
          const revision = (i * 1000 + h).toString(16).padStart(40, '0');
          deployments.push({
            entity_ref: entity.entityRef,
            environment: env.name,
            origin: env.production ? 'prod' : 'nonprod',
            app_namespace: 'argocd',
            app_name: `${name}-${env.name}`,
            deployment_key: startedAt,
            history_id: h,
            revision,
            repo_url: `https://github.com/acme/${name}-deploy`,
            started_at: startedAt,
            finished_at: new Date(at.getTime() + 90_000).toISOString(),
            sort_at: startedAt,
            result: rand() < 0.05 ? 'Failed' : 'Succeeded',
            message: 'successfully synced (all tasks run)',
            initiated_by: 'automated',
            commit: JSON.stringify({
              author: `Dev ${h % 7} <dev${h % 7}@example.com>`,
              date: startedAt,
              message: `Bump ${name} to 1.${h}.0`,
              tags: [`v1.${h}.0`],
            }),
            images:
              h === HISTORY - 1
                ? JSON.stringify([`ghcr.io/acme/${name}:1.${h}.0`])
                : null,
            recorded_at: startedAt,
          });
        }
        snapshots.push({
          entity_ref: entity.entityRef,
          environment: env.name,
          source: 'infrastructure',
          state: 'ok',
          as_of: finishedAt,
          origin: 'cli',
          run_id: runId,
          data: JSON.stringify(data),
          findings: JSON.stringify(sortFindings(findings as any)),
        });
      }
    }
    await store.upsertEntities(entities, syncedAt);
    for (let j = 0; j < snapshots.length; j += 100) {
      await knex('platform_status_snapshots').insert(
        snapshots.slice(j, j + 100),
      );
    }
    // 18 columns: 500 rows stay under SQLite's bound-parameter limit.
    for (let j = 0; j < deployments.length; j += 500) {
      await knex('platform_status_deployments').insert(
        deployments.slice(j, j + 500),
      );
    }
  }
  const service = new StatusService({
    store,
    environments,
    trendPoints: 30,
    argocd: { instances: [] },
    logger: {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return this;
      },
    } as any,
  });
  await service.refreshOverview(refs);
  // As the catalog sync does after it changed entities.
  await store.analyze();
  const [{ rows }] = await knex('platform_status_overview').count({
    rows: '*',
  });
  const [{ syncs }] = await knex('platform_status_deployments').count({
    syncs: '*',
  });
  log(
    `seeded ${count} entities, ${rows} overview rows, ${syncs} syncs in ${(
      (Date.now() - started) /
      1000
    ).toFixed(1)} s`,
  );
}
