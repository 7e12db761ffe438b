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
import {
  createGitHubHostingStandIn,
  createTerraformStandIn,
  GitHubHostingStandIn,
  HcpStandIn,
  planFixturePath,
} from '@groundwork/stand-in-test-utils';
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
        // The CLI drift source is off unless config turns it on: an s3
        // state is not checked, and says which key turns it on.
        expect(drift('dev')).toEqual({
          state: 'not-configured',
          stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
          resources: [],
          reason:
            "Drift of s3:// and gs:// states is checked by running terraform plan -refresh-only in the portal's backend, which is off: set platformStatus.drift.cli.enabled: true to turn it on.",
        });
        hcp.api.assertNoViolations();
      } finally {
        await backend.stop();
      }
    });

    describe('with platformStatus.drift.cli.enabled', () => {
      const tf = createTerraformStandIn({ plan: { file: DRIFT_PLAN } });
      let github: GitHubHostingStandIn;
      const GITHUB_TOKEN = 'ghs_portal_integration';
      const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
      const savedSecret = process.env.AWS_SECRET_ACCESS_KEY;
      beforeAll(async () => {
        process.env.AWS_SECRET_ACCESS_KEY = SECRET;
        github = await createGitHubHostingStandIn({
          tokens: [GITHUB_TOKEN],
        }).start();
        github.state.addOrg({ login: 'acme' });
        // What new-service pushes: one root module per environment under
        // infra/envs, where terraform:apply ran. No prod folder.
        github.repos.addRepo({
          owner: 'acme',
          name: 'payments-api',
          private: true,
          files: {
            'README.md': '# payments-api\n',
            'infra/envs/dev/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
            'infra/envs/staging/main.tf': 'terraform {\n  backend "s3" {}\n}\n',
          },
        });
        // An author who would have the portal run a program with its cloud
        // credentials at plan time.
        github.repos.addRepo({
          owner: 'acme',
          name: 'ledger',
          files: {
            'infra/envs/dev/main.tf':
              'data "external" "x" {\n  program = ["sh", "-c", "env"]\n}\n',
          },
        });
      });
      afterAll(async () => {
        if (savedSecret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
        else process.env.AWS_SECRET_ACCESS_KEY = savedSecret;
        tf.remove();
        await github.stop();
      });

      const s3 = {
        type: 's3',
        settings: {
          bucket: 'configured',
          key: '{kind}/{namespace}/{name}/{environment}.tfstate',
          region: 'eu-west-1',
          encrypt: true,
          use_lockfile: true,
        },
      };

      it('runs terraform plan -refresh-only on the code of the entity repository: 0 in sync, 2 drifted, 1 unknown, no code unknown', async () => {
        const knex = await databases.init(id);
        const backend = await startPlatformStatusBackend<EntityStatusResponse>({
          features: [
            platformStatusPlugin,
            platformStatusModuleTerraformDrift,
            catalogServiceMock.factory({
              entities: [
                testComponent('payments-api', {
                  annotations: {
                    'backstage.io/source-location':
                      'url:https://github.com/acme/payments-api/tree/main/',
                    'groundwork.dev/terraform-state':
                      'dev=s3://acme-tfstate/payments-api/dev.tfstate,staging=s3://acme-tfstate/payments-api/staging.tfstate,prod=gs://acme-tfstate/payments-api/prod',
                  },
                }),
                testComponent('ledger', {
                  annotations: {
                    'backstage.io/source-location':
                      'url:https://github.com/acme/ledger/tree/main/',
                    'groundwork.dev/terraform-state':
                      'dev=s3://acme-tfstate/ledger/dev.tfstate',
                  },
                }),
              ],
            }),
          ],
          knex,
          config: {
            integrations: { github: [github.integrationConfig()] },
            terraform: {
              binary: tf.binary,
              pluginCacheDir: tf.pluginCacheDir,
              environment: { passThrough: ['AWS_*'] },
              environments: {
                dev: { backend: s3 },
                staging: { backend: s3 },
                prod: {
                  backend: {
                    type: 'gcs',
                    settings: { bucket: 'configured', prefix: 'x' },
                  },
                },
              },
            },
            platformStatus: {
              // One check at a time: the Terraform stand-in keeps one state
              // with one lock for every backend key, where S3 locks each key.
              drift: {
                jitterSeconds: 0,
                concurrency: 1,
                cli: { enabled: true },
              },
            },
          },
        });
        try {
          await backend.run('catalog-sync');
          let status = await backend.status('payments-api');
          const drift = (env: string) =>
            status.environments.find(e => e.name === env)!.drift;
          expect(drift('dev')).toMatchObject({
            state: 'no-data',
            source: 'cli-refresh-only',
          });

          // Exit 0: in sync.
          tf.configure({ drift: undefined, refreshError: undefined });
          const before = tf.calls().length;
          await backend.run('drift');
          status = await backend.status('payments-api');
          expect(drift('dev')).toEqual({
            state: 'ok',
            result: 'in-sync',
            source: 'cli-refresh-only',
            stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
            resources: [],
            checkedAt: expect.any(String),
          });
          expect(drift('staging')).toMatchObject({
            state: 'ok',
            result: 'in-sync',
          });
          // Code not found: no prod folder in the repository.
          expect(drift('prod')).toEqual({
            state: 'ok',
            result: 'unknown',
            source: 'cli-refresh-only',
            stateLocation: 'gs://acme-tfstate/payments-api/prod',
            resources: [],
            checkedAt: expect.any(String),
            reason:
              'No Terraform code (.tf files) at https://github.com/acme/payments-api/tree/main/infra/envs/prod: set groundwork.dev/terraform-code to the folder where terraform:apply ran for prod (this read infra/envs/prod).',
          });
          // Plan-time code is refused as terraform:apply refuses it.
          const ledger = await backend.status('ledger');
          expect(
            ledger.environments.find(e => e.name === 'dev')!.drift,
          ).toMatchObject({
            state: 'ok',
            result: 'unknown',
            reason: expect.stringContaining(
              'and dev does not allow it; nothing was run.',
            ),
          });
          const calls = tf.calls().slice(before);
          // init and plan for dev and staging; nothing for prod or ledger.
          expect(calls.map(c => c.argv[0]).sort()).toEqual([
            'init',
            'init',
            'plan',
            'plan',
          ]);
          const inits = calls.filter(c => c.argv[0] === 'init');
          expect(
            inits
              .map(c => c.backend)
              .sort((a, b) =>
                String(a!.config.key).localeCompare(String(b!.config.key)),
              ),
          ).toEqual([
            {
              type: 's3',
              config: {
                ...s3.settings,
                bucket: 'acme-tfstate',
                key: 'payments-api/dev.tfstate',
              },
            },
            {
              type: 's3',
              config: {
                ...s3.settings,
                bucket: 'acme-tfstate',
                key: 'payments-api/staging.tfstate',
              },
            },
          ]);
          for (const call of calls) {
            expect(call.argv).not.toContain('apply');
            expect(call.envNames).toContain('AWS_SECRET_ACCESS_KEY');
            expect(fs.existsSync(call.cwd)).toBe(false);
          }
          // The code came from the repository through the GitHub integration.
          expect(
            github.gitServer.calls.filter(
              c => c.kind === 'archive' && c.status === 200,
            ).length,
          ).toBe(4);

          // Exit 2: drifted, with the attributes.
          tf.configure({ drift: { fromPlan: DRIFT_PLAN } });
          await backend.run('drift');
          status = await backend.status('payments-api');
          expect(drift('dev')).toMatchObject({
            state: 'ok',
            result: 'drifted',
            source: 'cli-refresh-only',
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

          // Exit 1: unknown, with the error and no secret.
          tf.configure({
            drift: undefined,
            refreshError: `error configuring S3 Backend: InvalidClientTokenId (secret ${SECRET})`,
          });
          await backend.run('drift');
          status = await backend.status('payments-api');
          expect(drift('staging')).toMatchObject({
            state: 'ok',
            result: 'unknown',
            source: 'cli-refresh-only',
            resources: [],
            reason: expect.stringContaining(
              'terraform plan -refresh-only failed (exit 1)',
            ),
          });
          expect(drift('staging').reason).toContain('InvalidClientTokenId');
          expect(drift('staging').reason).not.toContain(SECRET);
          expect(tf.lockHeld()).toBe(false);
          github.assertNoViolations();
        } finally {
          await backend.stop();
        }
      });
    });
  },
);
