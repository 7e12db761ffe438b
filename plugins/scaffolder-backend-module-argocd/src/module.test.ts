import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ArgoCdStandIn,
  createGitHubStandIn,
  GitHubStandIn,
  gitRepos,
  repoHandlers,
  rollouts,
} from '@groundwork/stand-in-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { scaffolderModuleArgocd } from './module';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

const ARGOCD_TOKEN = 'argocd-test-token';
const GITHUB_TOKEN = 'ghs_portal_integration';

/** A template as a platform team would write it, run by the real scaffolder. */
function template(name: string, input: Record<string, unknown>): Entity {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name, namespace: 'default', title: 'Deliver a service' },
    spec: {
      owner: 'group:default/platform',
      type: 'service',
      parameters: [
        {
          required: ['component', 'environment'],
          properties: {
            component: { type: 'string' },
            environment: { type: 'string', enum: ['dev', 'staging', 'prod'] },
          },
        },
      ],
      steps: [
        {
          id: 'deliver',
          name: 'Deliver through Argo CD',
          action: 'argocd:create-app',
          input: {
            name: '${{ parameters.component }}-${{ parameters.environment }}',
            entityRef: 'component:default/${{ parameters.component }}',
            environment: '${{ parameters.environment }}',
            source: {
              repoURL: 'https://github.com/acme/${{ parameters.component }}',
              targetRevision: 'main',
              path: 'deploy/overlays/${{ parameters.environment }}',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace:
                '${{ parameters.component }}-${{ parameters.environment }}',
            },
            syncPolicy: { automated: { prune: true, selfHeal: true } },
            ...input,
          },
        },
      ],
      output: {
        links: [{ title: 'Argo CD', url: '${{ steps.deliver.output.url }}' }],
        change: '${{ steps.deliver.output.change }}',
        healthStatus: '${{ steps.deliver.output.healthStatus }}',
        pullRequestUrl: '${{ steps.deliver.output.pullRequestUrl }}',
      },
    },
  };
}

const TEMPLATES = [
  template('deliver', {}),
  template('deliver-and-wait', { waitFor: 'healthy', timeoutSeconds: 120 }),
  template('deliver-gitops', { mode: 'gitops' }),
  // What a template author must not be able to do.
  template('deliver-elsewhere', {
    token: 'stolen',
    url: 'https://evil.example.com',
  }),
];

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'argocd:create-app through the real scaffolder on %s',
  databaseId => {
    let argocd: ArgoCdStandIn;
    let github: GitHubStandIn;
    let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let stopBackend: () => Promise<void>;

    beforeAll(async () => {
      argocd = await new ArgoCdStandIn().start();
      github = await createGitHubStandIn({
        handlers: repoHandlers,
        tokens: [GITHUB_TOKEN],
      }).start();
      github.state.addOrg({ login: 'acme' });
      gitRepos(github.state).addRepo({ owner: 'acme', name: 'gitops' });
      const knex = await databases.init(databaseId);
      const backend = await startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleArgocd,
          catalogServiceMock.factory({ entities: TEMPLATES }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              backend: { baseUrl: 'http://localhost:7007' },
              // Stopping the backend waits for the task worker, so no task
              // touches the database after the test has dropped it.
              scaffolder: { EXPERIMENTAL_gracefulShutdown: true },
              groundwork: {
                environments: [
                  { name: 'dev' },
                  { name: 'staging' },
                  { name: 'prod' },
                ],
              },
              argocd: {
                instances: [
                  { name: 'dev', url: argocd.url, token: ARGOCD_TOKEN },
                ],
                gitops: {
                  repository: 'https://github.com/acme/gitops',
                  mode: 'pull-request',
                },
              },
              integrations: {
                github: [
                  {
                    host: 'github.com',
                    apiBaseUrl: github.url,
                    token: GITHUB_TOKEN,
                  },
                ],
              },
            },
          }),
        ],
      });
      server = backend.server;
      stopBackend = () => backend.stop();
    });

    afterAll(async () => {
      await stopBackend?.();
      // Background loops (task claims, scheduler) may be mid-query when the
      // backend stops; let them finish before TestDatabases drops the pool,
      // or their rejections land in the next test file of this worker.
      await sleep(1500);
      await argocd?.stop();
      await github?.stop();
    });

    afterEach(() => {
      argocd.assertNoViolations();
      github.assertNoViolations();
    });

    const auth = { Authorization: mockCredentials.user.header() };

    async function startTask(
      templateName: string,
      values: Record<string, unknown>,
    ) {
      const res = await request(server)
        .post('/api/scaffolder/v2/tasks')
        .set(auth)
        .send({ templateRef: `template:default/${templateName}`, values });
      expect(res.status).toBe(201);
      return res.body.id as string;
    }

    async function finished(taskId: string) {
      let status: string;
      for (;;) {
        const res = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}`)
          .set(auth);
        status = res.body.status;
        if (['completed', 'failed', 'cancelled'].includes(status)) break;
        await sleep(50);
      }
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set(auth);
      const list = events.body as Array<{ type: string; body: any }>;
      const completion = list.find(e => e.type === 'completion');
      return {
        status,
        events: list.map(e => e.type),
        output: completion?.body.output,
        error: completion?.body.error?.message as string | undefined,
        log: list
          .filter(e => e.type === 'log')
          .map(e => e.body.message as string)
          .join('\n'),
      };
    }

    it('creates the Application, then reports the same run unchanged', async () => {
      const values = { component: 'payments', environment: 'dev' };
      const first = await finished(await startTask('deliver', values));
      expect(first.status).toBe('completed');
      expect(first.output).toMatchObject({
        change: 'created',
        links: [
          { title: 'Argo CD', url: `${argocd.url}/applications/payments-dev` },
        ],
      });
      expect(argocd.application('payments-dev')?.metadata.labels).toMatchObject(
        {
          'groundwork.dev/entity-name': 'payments',
          'groundwork.dev/environment': 'dev',
        },
      );
      const second = await finished(await startTask('deliver', values));
      expect(second.status).toBe('completed');
      expect(second.output.change).toBe('unchanged');
      expect(second.log).toContain('exists with the same spec; unchanged');
      expect(
        argocd.applications().filter(a => a.metadata.name === 'payments-dev'),
      ).toHaveLength(1);
    });

    it('waits for health with the transitions in the task log', async () => {
      const result = await finished(
        await startTask('deliver-and-wait', {
          component: 'ledger',
          environment: 'staging',
        }),
      );
      expect(result.status).toBe('completed');
      expect(result.output.healthStatus).toBe('Healthy');
      expect(result.log).toContain('ledger-staging: sync OutOfSync → Synced');
      expect(result.log).toContain(
        'ledger-staging: health Progressing → Healthy',
      );
    });

    it('stops waiting when the task is cancelled, saying what it created', async () => {
      argocd.nextRollout(rollouts.stuck());
      const gets = () =>
        argocd
          .callsTo('ApplicationService_Get')
          .filter(c => c.path.endsWith('/web-dev')).length;
      const taskId = await startTask('deliver-and-wait', {
        component: 'web',
        environment: 'dev',
      });
      while (gets() < 2) await sleep(20);
      const cancel = await request(server)
        .post(`/api/scaffolder/v2/tasks/${taskId}/cancel`)
        .set(auth);
      expect(cancel.status).toBe(200);
      const result = await finished(taskId);
      // Backstage 1.55 records the cancellation as an event and ends the run as failed.
      expect(result.events).toContain('cancelled');
      expect(result.status).toBe('failed');
      expect(result.log).toContain(
        `Cancelled while waiting. The Argo CD application web-dev was created and stays in Argo CD: ${argocd.url}/applications/web-dev`,
      );
      const polled = gets();
      await sleep(2_500);
      expect(gets()).toBe(polled);
    });

    it('opens a pull request in GitOps mode with the integration credentials', async () => {
      const result = await finished(
        await startTask('deliver-gitops', {
          component: 'search',
          environment: 'prod',
        }),
      );
      expect(result.status).toBe('completed');
      expect(result.output).toMatchObject({
        change: 'pull-request',
        pullRequestUrl: `${github.url}/acme/gitops/pull/1`,
      });
      expect(gitRepos(github.state).pulls('acme', 'gitops')).toHaveLength(1);
    });

    it('refuses a template that tries to give the action a URL or a token', async () => {
      const calls = argocd.calls.length;
      const result = await finished(
        await startTask('deliver-elsewhere', {
          component: 'payments',
          environment: 'dev',
        }),
      );
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(
        /Invalid input passed to action argocd:create-app, instance is not allowed to have the additional property "token", instance is not allowed to have the additional property "url"/,
      );
      expect(argocd.calls.length).toBe(calls);
    });

    it('dry-runs a template without calling Argo CD', async () => {
      const calls = argocd.calls.length;
      const res = await request(server)
        .post('/api/scaffolder/v2/dry-run')
        .set(auth)
        .send({
          template: template('dry', {
            project: 'payments',
            projectMode: 'create',
          }),
          values: { component: 'payments', environment: 'prod' },
          directoryContents: [],
        });
      expect(res.status).toBe(200);
      const log = (res.body.log as Array<{ body: { message: string } }>)
        .map(l => l.body.message)
        .join('\n');
      expect(log).toContain(
        'Dry run: would create or update the Argo CD application payments-prod',
      );
      expect(argocd.calls.length).toBe(calls);
    });
  },
);
