import { TestDatabases } from '@backstage/backend-test-utils';
import { readExpiry } from '@groundwork/plugin-groundwork-common';
import {
  planOfRenderedCode,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  catalogEntity,
  FinishedTask,
  runTemplate,
} from './__testUtils__/tasks';
import { newServiceForm } from './__testUtils__/forms';
import {
  itTearsDownThePreview,
  terraformCallsOf,
} from './__testUtils__/tornDown';

jest.setTimeout(300_000);

/**
 * A preview service's life, run for real from the Create page's REST API:
 * new-service with a time to live provisions dev (the Terraform stand-in,
 * dev's state key and gate), delivers it (the Argo CD stand-in) and
 * registers it (the real catalog, from the GitHub stand-in) with
 * groundwork.dev/expires-at; promote-service refuses it; then its owner
 * tears it down early with service-teardown: the same stack destroyed
 * (terraform plan -destroy and apply, same state key), the Argo CD
 * Application deleted, the catalog entry removed, the repository kept.
 * (Platform status's expiry job starting the teardown once the expiry
 * passes is its own journey; here the permission framework allows
 * everything, as in every journey: who may is tested in the actions'
 * packages with Groundwork's policy.)
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const NAME = 'ledger-preview';
const ENTITY = `component:default/${NAME}`;

describe.each(databases.eachSupportedId())(
  'a preview service on %s',
  databaseId => {
    let portal: Portal;
    let created: FinishedTask;
    let stampedAt: number;

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
      stampedAt = Date.now();
      created = await runTemplate(portal.server, 'new-service', {
        ...newServiceForm(NAME, ['dev']),
        ttlHours: 4,
      });
    });
    afterAll(() => portal?.stop());
    afterEach(() => portal.assertNoViolations());

    const terraformCalls = (task: FinishedTask) =>
      terraformCallsOf(portal, task);

    it('is created like any service, with its expiry in the catalog', async () => {
      expect([created.status, created.error]).toEqual(['completed', undefined]);
      expect(portal.argocd.application(`${NAME}-dev`)).toBeDefined();
      expect(portal.terraform.state().resources.length).toBeGreaterThan(0);
      const entity = await catalogEntity(portal.server, ENTITY);
      const expiry = readExpiry(entity);
      expect(expiry.kind).toBe('expires');
      const at = (expiry as { expiresAt: Date }).expiresAt.getTime();
      expect(at).toBeGreaterThanOrEqual(
        Math.floor(stampedAt / 1000) * 1000 + 4 * 3_600_000,
      );
      expect(at).toBeLessThanOrEqual(Date.now() + 4 * 3_600_000);
    });

    it('is never promoted', async () => {
      const task = await runTemplate(portal.server, 'promote-service', {
        component: ENTITY,
        environment: 'staging',
      });
      expect(task.status).toBe('failed');
      expect(task.steps.resolve).toBe('failed');
      expect(task.error).toContain(`${ENTITY} is a preview service`);
      expect(terraformCalls(task)).toEqual([]);
    });

    describe('torn down by its owner before it expires', () => {
      let teardown: FinishedTask;
      beforeAll(async () => {
        portal.terraform.configure({ plan: planOfRenderedCode('dev') });
        teardown = await runTemplate(portal.server, 'service-teardown', {
          entityRef: ENTITY,
        });
      });

      itTearsDownThePreview(() => ({ portal, teardown }), NAME);

      it('says what it did, and for whom', () => {
        expect(JSON.stringify(teardown.output)).toContain(
          'The repository is kept',
        );
        expect(teardown.log.join('\n')).toContain(
          'torn down early at the request of user:default/maria (an owner or an administrator)',
        );
      });
    });
  },
);
