import request from 'supertest';
import yaml from 'yaml';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  APPLIED_RUN,
  commandsOf,
  initializedBackend,
  planOfRenderedCode,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  asUser,
  catalogEntity,
  FinishedTask,
  platformStatus,
  runTemplate,
} from './__testUtils__/tasks';
import { newServiceForm } from './__testUtils__/forms';
import { approveAndMerge } from './__testUtils__/reviews';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(300_000);

/**
 * A service's life from dev to prod, as its team runs it from the Create
 * page through the real scaffolder's REST API: new-service provisions and
 * delivers dev; CI deploys an image there (a commit to the dev overlay, as
 * the rendered workflow makes); promote-service takes that image to
 * staging, then to prod, each time applying the environment's Terraform
 * (the Terraform stand-in, the environment's state key and gate), opening
 * a pull request that pins the image in the environment's overlay on the
 * GitHub stand-in, and creating the environment's Argo CD Application on
 * its Argo CD stand-in. Production waits for a second person's approval
 * in the requests plugin. Platform status shows every environment.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const NAME = 'ledger-api';
const ENTITY = `component:default/${NAME}`;
const TAG = '3f786850e387550fdab836ed7e6dc881de23001b';
const overlayOf = (env: string) => `deploy/overlays/${env}/kustomization.yaml`;

const form = newServiceForm(NAME, ['dev', 'staging', 'prod']);

describe.each(databases.eachSupportedId())('promotion on %s', databaseId => {
  let portal: Portal;

  beforeAll(async () => {
    portal = await startPortal({
      databases,
      databaseId,
      terraform: {
        plan: planOfRenderedCode('dev'),
        outputs: {
          ci_role_arn: { value: 'arn:aws:iam::111111111111:role/ledger-ci' },
          aws_region: { value: 'us-east-1' },
        },
      },
    });
  });
  afterAll(() => portal?.stop());
  afterEach(() => portal.assertNoViolations());

  const files = (ref = 'main') => portal.github.repos.files('acme', NAME, ref);
  /** What CI's publish job commits after pushing an image (ci.yaml). */
  const ciDeploys = (tag: string) => {
    const doc = yaml.parseDocument(files()[overlayOf('dev')]);
    (doc.get('images') as any).items[0].set('newTag', tag);
    portal.github.repos.push(
      'acme',
      NAME,
      'main',
      { [overlayOf('dev')]: doc.toString() },
      `deploy: ${NAME} to dev`,
    );
  };
  const promote = (environment: string) => {
    portal.terraform.configure({ plan: planOfRenderedCode(environment) });
    return runTemplate(portal.server, 'promote-service', {
      component: ENTITY,
      environment,
    });
  };
  const terraformCalls = (task: FinishedTask) =>
    portal.terraform
      .calls()
      .filter(c => c.cwd.includes(task.id) && c.argv[0] !== 'version');
  const tagIn = (env: string, ref = 'main') =>
    yaml.parse(files(ref)[overlayOf(env)]).images[0].newTag;

  /** POST refresh, as the entity page's button; waits out its rate limit (Retry-After). */
  const refreshStatus = async () => {
    for (let attempt = 0; ; attempt++) {
      const res = await request(portal.server)
        .post(`/api/platform-status/entities/component/default/${NAME}/refresh`)
        .set(asUser());
      if (res.status !== 429 || attempt === 2) return res.status;
      const seconds = Number(res.headers['retry-after'] ?? 1);
      await sleep(Math.min(seconds, 120) * 1000 + 100);
    }
  };

  let created: FinishedTask;
  beforeAll(async () => {
    created = await runTemplate(portal.server, 'new-service', form);
    await catalogEntity(portal.server, ENTITY);
  });

  it('creates the service with dev only: its infrastructure and Argo CD Application', () => {
    expect([created.status, created.error]).toEqual(['completed', undefined]);
    expect(portal.argocd.application(`${NAME}-dev`)).toBeDefined();
    expect(portal.argocd.application(`${NAME}-staging`)).toBeUndefined();
    expect(portal.argocdProd.application(`${NAME}-prod`)).toBeUndefined();
    expect([
      ...new Set(terraformCalls(created).map(c => c.cwd.split('/').pop())),
    ]).toEqual(['dev']);
  });

  describe('refusals, before anything changes', () => {
    it('refuses staging while dev runs no released image', async () => {
      const task = await promote('staging');
      expect(task.status).toBe('failed');
      expect(task.steps).toMatchObject({
        authorize: 'completed',
        resolve: 'failed',
      });
      expect(task.error).toContain(
        `${ENTITY} runs no released image in dev yet`,
      );
      expect(terraformCalls(task)).toEqual([]);
    });

    it('refuses a tag in the dev overlay that would inject YAML into staging', async () => {
      ciDeploys('v1\n  - name: evil\n    newName: evil.example.com/x');
      const task = await promote('staging');
      expect(task.status).toBe('failed');
      expect(task.steps.resolve).toBe('failed');
      expect(task.error).toContain('is not a container image tag');
      expect(terraformCalls(task)).toEqual([]);
      expect(portal.github.repos.pulls('acme', NAME)).toEqual([]);
    });

    it('refuses to skip staging: prod while staging runs nothing released', async () => {
      ciDeploys(TAG);
      const task = await promote('prod');
      expect(task.status).toBe('failed');
      expect(task.steps.resolve).toBe('failed');
      expect(task.error).toContain(
        `${ENTITY} runs no released image in staging yet`,
      );
      expect(task.error).toContain('Promote it to staging first');
      expect(terraformCalls(task)).toEqual([]);
      expect(portal.argocdProd.application(`${NAME}-prod`)).toBeUndefined();
    });

    it('refuses the first environment: CI deploys it', async () => {
      const task = await promote('dev');
      expect(task.status).toBe('failed');
      expect(task.error).toContain(`dev is ${ENTITY}'s first environment`);
    });
  });

  const promotes = (
    env: 'staging' | 'prod',
    previous: string,
    instance: 'nonprod' | 'prod',
  ) =>
    describe(`into ${env} (from ${previous})`, () => {
      let task: FinishedTask;
      const argocd = () =>
        instance === 'prod' ? portal.argocdProd : portal.argocd;

      beforeAll(async () => {
        task = await promote(env);
      });

      it('completes every step', () => {
        expect([task.status, task.error]).toEqual(['completed', undefined]);
        expect(task.steps).toEqual({
          authorize: 'completed',
          resolve: 'completed',
          approval: 'completed',
          'fetch-infra': 'completed',
          terraform: 'completed',
          'pull-request': 'completed',
          argocd: 'completed',
        });
        // Only production waits for, and names, the approver.
        expect(
          task.log.some(l => l.includes('approved by user:default/jdoe')),
        ).toBe(env === 'prod');
      });

      it(`applies ${env}'s Terraform from the repository, with ${env}'s state key`, () => {
        const calls = terraformCalls(task);
        expect(commandsOf(calls)).toEqual(APPLIED_RUN);
        expect(calls.every(c => c.cwd.endsWith(`/infra/envs/${env}`))).toBe(
          true,
        );
        expect(calls[0].backend).toEqual(
          initializedBackend(
            env,
            `component/default/${NAME}/${env}/infra/envs/${env}.tfstate`,
          ),
        );
      });

      it(`opens a pull request pinning ${previous}'s image in the ${env} overlay`, async () => {
        const pull = portal.github.repos
          .pulls('acme', NAME)
          .find(p => p.head === `promote/${env}/${TAG}`)!;
        expect(pull).toMatchObject({
          base: 'main',
          state: 'open',
          title: `Promote ${NAME} ${TAG} to ${env}`,
        });
        expect(tagIn(env, pull.head)).toBe(TAG);
        expect(tagIn(env)).toBe('unreleased');
        // Only the overlay changes.
        const before = files();
        const after = files(pull.head);
        expect(Object.keys(after).filter(f => after[f] !== before[f])).toEqual([
          overlayOf(env),
        ]);
        // The team merges it: branch protection asks for a review by a
        // member with write access (jdoe, of payments) and the build check.
        const merged = await approveAndMerge(
          portal.github,
          { owner: 'acme', name: NAME },
          pull.number,
          'jdoe-gh',
        );
        expect(merged.status).toBe(200);
        expect(tagIn(env)).toBe(TAG);
      });

      it(`creates ${env}'s Argo CD Application on ${instance}, shaped as new-service's`, () => {
        const app = argocd().application(`${NAME}-${env}`);
        expect(app?.metadata.labels).toEqual({
          'app.kubernetes.io/part-of': NAME,
          'groundwork.dev/entity-kind': 'component',
          'groundwork.dev/entity-namespace': 'default',
          'groundwork.dev/entity-name': NAME,
          'groundwork.dev/environment': env,
        });
        expect(app?.spec).toMatchObject({
          project: `payments-${env}`,
          source: {
            repoURL: `https://github.com/acme/${NAME}.git`,
            targetRevision: 'main',
            path: `deploy/overlays/${env}`,
          },
          // staging runs its own Argo CD (delivery in-cluster); prod's
          // cluster is registered with the central prod instance.
          destination:
            env === 'prod'
              ? { name: 'platform-prod', namespace: NAME }
              : { server: 'https://kubernetes.default.svc', namespace: NAME },
        });
        // The team's project of the environment admits the overlay's
        // Namespace, in the service's namespace there, as new-service's does.
        expect(argocd().project(`payments-${env}`)?.spec).toMatchObject({
          sourceRepos: [`https://github.com/acme/${NAME}.git`],
          destinations: [expect.objectContaining({ namespace: NAME })],
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        });
      });

      it(`shows ${env} in platform status: the run, and what Argo CD delivers`, async () => {
        expect(await refreshStatus()).toBe(200);
        const envs = await platformStatus(portal.server, ENTITY);
        expect(envs[env].infrastructure).toMatchObject({
          state: 'ok',
          result: 'applied',
          runId: `${task.id}/terraform/${env}`,
        });
        // The environment's gate: production's stricter policy threshold,
        // and the service's budget there (groundwork.dev/budgets).
        expect(envs[env].compliance).toMatchObject({
          threshold: env === 'prod' ? 'high' : 'critical',
          blocking: false,
        });
        expect(envs[env].cost.budgetMonthly).toBe(env === 'prod' ? 900 : 150);
        expect(envs[env].delivery).toMatchObject({
          state: 'ok',
          instance,
          appName: `${NAME}-${env}`,
        });
        expect(envs.dev.infrastructure.runId).toBe(
          `${created.id}/terraform/dev`,
        );
      });
    });

  promotes('staging', 'dev', 'nonprod');

  describe('prod needs a second person', () => {
    let refused: FinishedTask;
    let requestId: string;
    beforeAll(async () => {
      refused = await promote('prod');
      requestId = /Request ([0-9a-f-]{36})/.exec(refused.error ?? '')?.[1]!;
    });

    it('stops without approval: asks a second person, changes nothing', async () => {
      expect(refused.status).toBe('failed');
      expect(refused.steps).toMatchObject({
        authorize: 'completed',
        resolve: 'completed',
        approval: 'failed',
      });
      expect(refused.error).toContain(
        `Promoting ${ENTITY} to prod at image ${TAG} needs a second person's approval; nothing was changed.`,
      );
      expect(terraformCalls(refused)).toEqual([]);
      expect(portal.argocdProd.application(`${NAME}-prod`)).toBeUndefined();
      const res = await request(portal.server)
        .get(`/api/requests/requests/${requestId}`)
        .set(asUser());
      expect(res.body).toMatchObject({
        kind: 'promotion',
        state: 'requested',
        requestedBy: 'user:default/maria',
        title: `Promote ${ENTITY} from staging to prod at image ${TAG}`,
        payload: {
          entityRef: ENTITY,
          environment: 'prod',
          previousEnvironment: 'staging',
          imageTag: TAG,
        },
      });
    });

    it('stops again while the request waits, without asking twice', async () => {
      const again = await promote('prod');
      expect(again.status).toBe('failed');
      expect(again.error).toContain(`request ${requestId}`);
      expect(again.error).toContain('is requested');
      const list = await request(portal.server)
        .get('/api/requests/requests')
        .set(asUser());
      expect(
        list.body.items.filter((r: any) => r.kind === 'promotion'),
      ).toHaveLength(1);
    });

    it('lets no one approve their own promotion; an approver approves it', async () => {
      const own = await request(portal.server)
        .post(`/api/requests/requests/${requestId}/approve`)
        .set(asUser())
        .send({});
      expect(own.status).toBe(403);
      const approved = await request(portal.server)
        .post(`/api/requests/requests/${requestId}/approve`)
        .set(asUser('user:default/jdoe'))
        .send({ comment: 'staging has run it for a day' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({
        state: 'applied',
        decidedBy: 'user:default/jdoe',
      });
    });
  });

  promotes('prod', 'staging', 'prod');

  it('each environment has its own state: one key per environment', () => {
    const keys = portal.terraform
      .calls()
      .filter(c => c.argv[0] === 'init')
      .map(c => c.backend?.config?.key);
    expect(new Set(keys)).toEqual(
      new Set(
        ['dev', 'staging', 'prod'].map(
          env => `component/default/${NAME}/${env}/infra/envs/${env}.tfstate`,
        ),
      ),
    );
  });
});

describe.each(databases.eachSupportedId())(
  "promoting another team's service, under Groundwork's permission policy, on %s",
  databaseId => {
    let portal: Portal;
    let task: FinishedTask;
    beforeAll(async () => {
      portal = await startPortal({
        databases,
        databaseId,
        // maria is in payments; billing belongs to platform.
        memberships: { 'user:default/maria': ['group:default/payments'] },
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'billing',
              annotations: {
                'github.com/project-slug': 'acme/billing',
                'groundwork.dev/environments': 'dev,staging',
              },
            },
            spec: {
              type: 'service',
              lifecycle: 'production',
              owner: 'group:default/platform',
            },
          },
        ],
      });
      await catalogEntity(portal.server, 'component:default/billing');
      task = await runTemplate(portal.server, 'promote-service', {
        component: 'component:default/billing',
        environment: 'staging',
      });
    });
    afterAll(() => portal?.stop());

    it('refuses at the first step, naming who may: nothing is read, applied or delivered', () => {
      expect(task.status).toBe('failed');
      expect(task.steps).toEqual({
        authorize: 'failed',
        resolve: 'skipped',
        approval: 'skipped',
        'fetch-infra': 'skipped',
        terraform: 'skipped',
        'pull-request': 'skipped',
        argocd: 'skipped',
      });
      expect(task.error).toContain(
        'user:default/maria may not change staging for component:default/billing: only its owners and the platform administrators may',
      );
      expect(portal.terraform.calls()).toEqual([]);
      expect(portal.argocd.application('billing-staging')).toBeUndefined();
    });
  },
);
