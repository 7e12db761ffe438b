import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mirrorEntity } from '../catalog/entitySettings';
import { KnexStatusStore } from '../store/knex/KnexStatusStore';
import { component, environments, report } from '../__testUtils__/fixtures';
import { StatusService } from './StatusService';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const REF = 'component:default/payments-api';

describe.each(databases.eachSupportedId())('StatusService on %p', id => {
  /** Two replicas of the backend on one database. */
  async function replicas(outcomeCacheMs: number) {
    const knex = await databases.init(id);
    const make = async () =>
      new StatusService({
        store: await KnexStatusStore.create({
          database: {
            getClient: async () => knex,
            migrations: { skip: false },
          },
        }),
        environments,
        trendPoints: 5,
        argocd: { instances: [] },
        logger: mockServices.logger.mock(),
        outcomeCacheMs,
      });
    const a = await make();
    const b = await make();
    await a.mirrorEntities(
      [mirrorEntity(component('payments-api'), environments)],
      '2026-11-20T00:00:00.000Z',
    );
    return { a, b };
  }
  const prodRun = async (service: StatusService) =>
    JSON.parse((await service.getEntityStatusJson(REF))!.json).environments[2]
      .infrastructure.runId;

  it('shows its own writes at once, and another replica’s within outcomeCacheMs', async () => {
    const { a, b } = await replicas(1_000);
    await a.recordInfrastructureRun(report({ runId: 'run-1' }));
    expect(await prodRun(a)).toBe('run-1');
    const tag = (await a.getEntityStatusJson(REF))!.etag;

    await b.recordInfrastructureRun(
      report({ runId: 'run-2', finishedAt: '2026-11-21T10:05:00.000Z' }),
    );
    expect(await prodRun(b)).toBe('run-2');
    // a built its response before b's write; it may reuse it up to the bound.
    const stale = Date.now();
    let seen = await prodRun(a);
    while (seen === 'run-1') {
      expect(Date.now() - stale).toBeLessThan(1_500);
      await sleep(50);
      seen = await prodRun(a);
    }
    expect(seen).toBe('run-2');
    expect((await a.getEntityStatusJson(REF))!.etag).not.toBe(tag);

    // Its own write: the next read shows it, with no wait.
    await a.recordInfrastructureRun(
      report({ runId: 'run-3', finishedAt: '2026-11-22T10:05:00.000Z' }),
    );
    expect(await prodRun(a)).toBe('run-3');
  });

  it('gives equal tags to equal statuses and a fresh generatedAt each time', async () => {
    const { a, b } = await replicas(0);
    await a.recordInfrastructureRun(report());
    const one = (await a.getEntityStatusJson(REF))!;
    await sleep(5);
    // Built anew (no reuse at 0 ms), on another replica.
    const two = (await b.getEntityStatusJson(REF))!;
    expect(two.etag).toBe(one.etag);
    expect(JSON.parse(two.json).generatedAt).not.toBe(
      JSON.parse(one.json).generatedAt,
    );
    expect({ ...JSON.parse(two.json), generatedAt: 0 }).toEqual({
      ...JSON.parse(one.json),
      generatedAt: 0,
    });
  });
});
