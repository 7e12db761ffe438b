import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { governPlan, loadPolicyFile, parsePlan } from '@groundwork/governance';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parseAllDocuments } from 'yaml';
import platformStatusModuleExamplePlans from '.';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(60_000);

const repo = path.resolve(__dirname, '../../..');
const examples = path.join(repo, 'examples/plans');

/** The demo catalog, with the relations the catalog would add. */
function demoComponents(): Entity[] {
  const text = fs.readFileSync(
    path.join(repo, 'examples/components.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(d => d.toJS() as Entity)
    .filter(e => e.kind === 'Component')
    .map(e => ({
      ...e,
      metadata: { namespace: 'default', ...e.metadata },
      relations: [
        {
          type: 'ownedBy',
          targetRef: `group:default/${(e.spec as any).owner}`,
        },
      ],
    }));
}

async function appConfig() {
  const text = fs.readFileSync(path.join(repo, 'app-config.yaml'), 'utf8');
  const doc = parseAllDocuments(text)[0].toJS();
  return { groundwork: doc.groundwork, platformStatus: doc.platformStatus };
}

describe('example plans on the embedded default', () => {
  it('reports every example run through ingestion, evaluated as terraform:apply would', async () => {
    const config = await appConfig();
    expect(config.platformStatus.examples.enabled).toBe(true);
    const { server } = await startTestBackend({
      features: [
        platformStatusPlugin,
        platformStatusModuleExamplePlans,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            platformStatus: {
              ...config.platformStatus,
              examples: { enabled: true, directory: examples },
            },
          },
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: demoComponents() }),
      ],
    });
    const get = async (name: string) => {
      const res = await request(server)
        .get(`/api/platform-status/entities/component/default/${name}`)
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body as EntityStatusResponse;
    };
    let payments = await get('payments-api');
    for (
      let i = 0;
      i < 100 && payments.environments[2]?.infrastructure.state !== 'ok';
      i++
    ) {
      await sleep(200);
      payments = await get('payments-api');
    }

    // What the page shows is what the engine says about the plan.
    const policy = await loadPolicyFile(path.join(examples, 'governance.yaml'));
    const plan = parsePlan(
      fs.readFileSync(path.join(examples, 'payments-api/prod.tfplan.json')),
    );
    const expected = governPlan(plan, { environment: 'prod', policy });
    const prod = payments.environments.find(e => e.name === 'prod')!;
    expect(prod.infrastructure).toMatchObject({
      state: 'ok',
      result: 'applied',
    });
    expect(prod.compliance).toMatchObject({
      state: 'ok',
      score: expected.summary.score,
      failed: expected.summary.failed,
    });
    expect(prod.compliance.findings).toHaveLength(
      expected.findings.filter(f => f.verdict !== 'not-applicable').length,
    );
    expect(prod.compliance.findings[0].remediation).toEqual(expect.any(String));
    expect(prod.cost).toMatchObject({
      estimatedMonthly: expected.cost.monthlyAfter,
      budgetMonthly: 1200,
      actualState: 'not-configured',
    });
    // No Argo CD runs here: delivery says so rather than passing.
    expect(prod.delivery.state).toBe('not-configured');

    const recommendations = await get('recommendations-api');
    const staging = recommendations.environments.find(
      e => e.name === 'staging',
    )!;
    expect(staging.infrastructure).toMatchObject({
      result: 'blocked',
      message: expect.stringMatching(/Blocked by \d+ finding/),
    });
    const dev = recommendations.environments.find(e => e.name === 'dev')!;
    expect(dev.compliance.findings.filter(f => f.verdict === 'waived')).toEqual(
      [
        expect.objectContaining({
          ruleId: 'GW-AWS-002',
          waiver: expect.objectContaining({
            owner: 'margaret.hamilton@example.com',
          }),
        }),
      ],
    );

    const overview = await request(server)
      .get('/api/platform-status/overview?limit=50')
      .set('authorization', mockCredentials.user.header());
    expect(overview.body.totalCount).toBe(13);
    expect(
      overview.body.items.filter((r: any) => r.infrastructureResult).length,
    ).toBe(13);
  });
});
