import fs from 'node:fs';
import { TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startPlatformStatusBackend,
  testComponent,
} from '@groundwork/backend-test-utils';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
// A module is tested inside the plugin it extends, as a backend installs both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import platformStatusPlugin from '@groundwork/plugin-platform-status-backend';
import { HcpStandIn, planFixturePath } from '@groundwork/stand-in-test-utils';
import platformStatusModuleTerraformDrift from '.';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const TOKEN = 'team-token';
const DRIFT_PLAN = planFixturePath(
  '06b-infracost-instance_with_attachment_after_deploy.json',
);

describe.each(databases.eachSupportedId())(
  'the terraform-drift module in platform status on %p',
  id => {
    const hcp = new HcpStandIn({ token: TOKEN, planFile: DRIFT_PLAN });
    beforeAll(async () => {
      await hcp.start();
      hcp.addWorkspace('acme', 'payments-api-prod');
      hcp.addWorkspace('acme', 'payments-api-staging');
      hcp.setAssessment('acme', 'payments-api-prod', {
        drifted: true,
        succeeded: true,
        createdAt: '2026-12-07T06:00:00Z',
        resourcesDrifted: 2,
        jsonPlan: JSON.parse(fs.readFileSync(DRIFT_PLAN, 'utf8')),
      });
    });
    afterAll(() => hcp.stop());

    it('checks HCP workspaces on the drift task and shows the result on the entity', async () => {
      const knex = await databases.init(id);
      const backend = await startPlatformStatusBackend<EntityStatusResponse>({
        features: [
          platformStatusPlugin,
          platformStatusModuleTerraformDrift,
          catalogServiceMock.factory({
            entities: [
              testComponent('payments-api', {
                annotations: {
                  'groundwork.dev/terraform-state':
                    'dev=s3://acme-tfstate/payments-api/dev.tfstate,staging=hcp:acme/payments-api-staging,prod=hcp:acme/payments-api-prod',
                },
              }),
            ],
          }),
        ],
        knex,
        config: {
          terraform: { hcp: { host: hcp.url, token: TOKEN } },
          platformStatus: { drift: { jitterSeconds: 0 } },
        },
      });
      try {
        await backend.run('catalog-sync');
        let status = await backend.status('payments-api');
        const drift = (env: string) =>
          status.environments.find(e => e.name === env)!.drift;
        expect(drift('prod')).toMatchObject({
          state: 'no-data',
          source: 'hcp-assessment',
        });

        await backend.run('drift');
        status = await backend.status('payments-api');
        expect(drift('prod')).toEqual({
          state: 'ok',
          result: 'drifted',
          source: 'hcp-assessment',
          stateLocation: 'hcp:acme/payments-api-prod',
          checkedAt: '2026-12-07T06:00:00.000Z',
          url: `${hcp.url}/app/acme/workspaces/payments-api-prod`,
          resources: [
            {
              address: 'aws_default_subnet.default',
              action: 'update',
              attributes: [],
            },
            {
              address: 'aws_instance.ec2',
              action: 'update',
              attributes: ['ebs_block_device[0]'],
            },
          ],
        });
        expect(drift('staging')).toMatchObject({
          state: 'ok',
          result: 'unknown',
          reason: expect.stringContaining('Health assessments are off'),
        });
        // No CLI drift source installed: an s3 state is not checked.
        expect(drift('dev')).toEqual({
          state: 'not-configured',
          stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
          resources: [],
        });
        hcp.api.assertNoViolations();
      } finally {
        await backend.stop();
      }
    });
  },
);
