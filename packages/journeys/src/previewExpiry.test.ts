import request from 'supertest';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  ANNOTATION_EXPIRES_AT,
  formatExpiresAt,
} from '@groundwork/plugin-groundwork-common';
import {
  commandsOf,
  planOfRenderedCode,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  asUser,
  catalogEntity,
  FinishedTask,
  followTask,
  runTemplate,
  until,
} from './__testUtils__/tasks';
import { newServiceForm } from './__testUtils__/forms';
import {
  itTearsDownThePreview,
  terraformCallsOf,
} from './__testUtils__/tornDown';

jest.setTimeout(300_000);

/**
 * A preview service that expires, run for real: new-service with a time to
 * live makes it (Terraform stand-in, Argo CD stand-in, the real catalog
 * reading its catalog-info.yaml from the GitHub stand-in); its expiry is
 * then moved into the past the way an owner moves it, by a commit to
 * catalog-info.yaml and a catalog refresh (nothing sleeps, no clock is
 * faked: the job and the template's check both read the real clock).
 * Platform status's expiry job (`platform-status-expiry`, run when the test
 * says) then starts the real service-teardown template with the plugin's
 * own credentials and follows its task:
 *
 * - Terraform's state is locked by another run: the teardown fails at
 *   terraform:apply, nothing later runs, the job records `failed` with the
 *   task's own error and tells the owners; the Application, the catalog
 *   entry and the state stay.
 * - The lock is gone and the owner moves the expiry to a later instant
 *   that has passed too (which starts over): the job starts a second task,
 *   which destroys dev's stack with new-service's state key, deletes the
 *   Application and unregisters the entity; the job records `destroyed`
 *   and tells the owners; the repository is kept; later runs start nothing.
 *
 * Permissions are the journeys' default (allow everything): whether the
 * plugin's principal may tear down an entity that has not expired, and a
 * person's, are tested with Groundwork's policy in the actions' and the
 * plugin's own packages.
 */

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const NAME = 'ledger-expiring';
const ENTITY = `component:default/${NAME}`;
const TEARDOWN = 'template:default/service-teardown';
const JOB = 'platform-status-expiry';
const EXPIRES_AT_LINE = /^(\s*groundwork\.dev\/expires-at:\s*).*$/m;

interface Notice {
  title: string;
  description?: string;
  link?: string;
  topic?: string;
}

describe.each(databases.eachSupportedId())(
  'a preview service that expires, on %s',
  databaseId => {
    let portal: Portal;
    let created: FinishedTask;

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
      created = await runTemplate(portal.server, 'new-service', {
        ...newServiceForm(NAME, ['dev']),
        ttlHours: 4,
      });
    });
    afterAll(() => portal?.stop());
    afterEach(() => portal.assertNoViolations());

    const terraformCalls = (task: FinishedTask) =>
      terraformCallsOf(portal, task);

    /**
     * What the owner does to change the expiry: edits the annotation in
     * catalog-info.yaml on main, then refreshes the entity (the catalog
     * re-reads its location); resolves once the catalog serves it.
     */
    const moveExpiryTo = async (instant: string) => {
      const file = portal.github.repos.files('acme', NAME, 'main')[
        'catalog-info.yaml'
      ];
      expect(file).toMatch(EXPIRES_AT_LINE);
      portal.github.repos.push(
        'acme',
        NAME,
        'main',
        {
          'catalog-info.yaml': file.replace(
            EXPIRES_AT_LINE,
            `$1${JSON.stringify(instant)}`,
          ),
        },
        `chore: ${NAME} expires at ${instant}`,
      );
      const refreshed = await request(portal.server)
        .post('/api/catalog/refresh')
        .set(asUser())
        .send({ entityRef: ENTITY });
      expect(refreshed.status).toBe(200);
      await until(`${ENTITY} to expire at ${instant}`, async () => {
        const res = await request(portal.server)
          .get(`/api/catalog/entities/by-name/component/default/${NAME}`)
          .set(asUser());
        return res.body?.metadata?.annotations?.[ANNOTATION_EXPIRES_AT] ===
          instant
          ? true
          : undefined;
      });
    };

    /** The expiry on the entity's platform status, as the entity page reads it. */
    const expiryOnPage = async () => {
      const res = await request(portal.server)
        .get(`/api/platform-status/entities/component/default/${NAME}`)
        .set(asUser());
      expect(res.status).toBe(200);
      return res.body.expiry as {
        expiresAt: string;
        state: string;
        reason?: string;
        taskId?: string;
      };
    };

    /** maria's inbox (payments, the owners): the expiry job's notices. */
    const ownersInbox = async (): Promise<Notice[]> => {
      const res = await request(portal.server)
        .get('/api/notifications/notifications')
        .set(asUser());
      expect(res.status).toBe(200);
      return (res.body.notifications as Array<{ payload: Notice }>)
        .map(n => n.payload)
        .filter(p => p.topic === 'platform-status-expiry');
    };

    /** Every task of the teardown template the scaffolder holds. */
    const teardownTasks = async () => {
      const res = await request(portal.server)
        .get('/api/scaffolder/v2/tasks')
        .set(asUser());
      expect(res.status).toBe(200);
      return (res.body.tasks as any[]).filter(
        t => t.spec?.templateInfo?.entityRef === TEARDOWN,
      );
    };

    /** The task as the scaffolder serves it: who created it, for whom it runs. */
    const taskRecord = async (id: string) => {
      const res = await request(portal.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(asUser());
      expect(res.status).toBe(200);
      return res.body;
    };

    // The annotation as the job and the check read it, an hour or two
    // back from the real clock: passed, whatever the time of the run.
    const firstExpiry = formatExpiresAt(new Date(Date.now() - 2 * 3_600_000));
    const laterExpiry = formatExpiresAt(new Date(Date.now() - 3_600_000));

    it('is created with an expiry four hours away, of which the job tells the owners', async () => {
      expect([created.status, created.error]).toEqual(['completed', undefined]);
      await catalogEntity(portal.server, ENTITY);
      await portal.runTask(JOB);
      // Four hours away is within the notice (noticeHours, 24): told once,
      // nothing started.
      expect((await expiryOnPage()).state).toBe('notified');
      expect(await ownersInbox()).toEqual([
        expect.objectContaining({
          title: expect.stringMatching(
            new RegExp(`^${NAME} will be destroyed at `),
          ),
          description: expect.stringContaining(
            `To keep it longer, change ${ANNOTATION_EXPIRES_AT}`,
          ),
        }),
      ]);
      expect(await teardownTasks()).toEqual([]);
    });

    let failedTaskId: string;

    describe('once expired, with the state locked by another run', () => {
      let taskId: string;
      let teardown: FinishedTask;
      let started: Awaited<ReturnType<typeof expiryOnPage>>;

      beforeAll(async () => {
        await moveExpiryTo(firstExpiry);
        portal.terraform.configure({ stateLock: true });
        await portal.runTask(JOB);
        started = await expiryOnPage();
        taskId = started.taskId!;
        failedTaskId = taskId;
        teardown = await followTask(portal.server, taskId, 'service-teardown');
        await portal.runTask(JOB);
      });

      it('starts one teardown task and shows it as tearing down', () => {
        expect(started).toEqual({
          expiresAt: firstExpiry,
          state: 'tearing-down',
          taskId: expect.any(String),
        });
      });

      it('stops at terraform:apply: nothing after it runs', () => {
        expect(teardown.status).toBe('failed');
        expect(teardown.steps).toEqual({
          check: 'completed',
          'fetch-infra': 'completed',
          terraform: 'failed',
          argocd: 'skipped',
          unregister: 'skipped',
        });
        expect(commandsOf(terraformCalls(teardown))).not.toContain('apply');
      });

      it('records failed with the task and its reason, and leaves the environment as it is', async () => {
        const expiry = await expiryOnPage();
        expect(expiry).toEqual({
          expiresAt: firstExpiry,
          state: 'failed',
          reason: expect.stringContaining('state lock'),
          taskId,
        });
        expect(portal.argocd.application(`${NAME}-dev`)).toBeDefined();
        expect(portal.terraform.state().resources.length).toBeGreaterThan(0);
        await catalogEntity(portal.server, ENTITY);
      });

      it('tells the owners, with a link to the task', async () => {
        expect(await ownersInbox()).toContainEqual(
          expect.objectContaining({
            title: `The teardown of ${NAME} failed`,
            link: `/create/tasks/${taskId}`,
            description: expect.stringContaining(
              'The environment is left as it is.',
            ),
          }),
        );
      });

      it('does not try again by itself', async () => {
        await portal.runTask(JOB);
        expect((await expiryOnPage()).state).toBe('failed');
        expect((await teardownTasks()).map(t => t.id)).toEqual([taskId]);
      });
    });

    describe('once the lock is gone and the owner moves the expiry to a later instant that has passed', () => {
      let taskId: string;
      let teardown: FinishedTask;
      let started: Awaited<ReturnType<typeof expiryOnPage>>;

      beforeAll(async () => {
        portal.terraform.configure({
          stateLock: false,
          plan: planOfRenderedCode('dev'),
        });
        await moveExpiryTo(laterExpiry);
        await portal.runTask(JOB);
        started = await expiryOnPage();
        taskId = started.taskId!;
        teardown = await followTask(portal.server, taskId, 'service-teardown');
        await portal.runTask(JOB);
      });

      it('starts one teardown task and shows it as tearing down', () => {
        expect(started).toEqual({
          expiresAt: laterExpiry,
          state: 'tearing-down',
          taskId: expect.any(String),
        });
      });

      it('runs the teardown template as the plugin, not as a person', async () => {
        const task = await taskRecord(taskId);
        expect(task.spec.templateInfo.entityRef).toBe(TEARDOWN);
        expect(task.spec.parameters).toEqual({ entityRef: ENTITY });
        // No person started it: the scaffolder has no user for the task.
        expect(task.createdBy ?? '').toBe('');
        expect(task.spec.user?.ref).toBeUndefined();
        // The check step names the principal the steps ran for.
        expect(teardown.log.join('\n')).toContain(
          `${ENTITY} (owner group:default/payments) expired at ${laterExpiry}; teardown started by the service plugin:platform-status`,
        );
      });

      itTearsDownThePreview(() => ({ portal, teardown }), NAME);

      it('records destroyed and tells the owners, with the task', async () => {
        // The entity is gone, so its page (and the record with it) is too;
        // what the job recorded is what it told the owners. (One notice per
        // entity: this one replaced the failure's in the inbox.)
        const inbox = await ownersInbox();
        expect(inbox).toContainEqual(
          expect.objectContaining({
            title: `${NAME} was destroyed at its expiry`,
            link: `/create/tasks/${taskId}`,
            description: expect.stringContaining(
              `The teardown task ${taskId} of ${TEARDOWN} completed`,
            ),
          }),
        );
      });

      it('starts nothing more', async () => {
        await portal.runTask(JOB);
        expect((await teardownTasks()).map(t => t.id).sort()).toEqual(
          [failedTaskId, taskId].sort(),
        );
      });
    });
  },
);
