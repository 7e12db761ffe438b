import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { KnexStatusStore } from '../store/knex/KnexStatusStore';
import { component, environments } from '../__testUtils__/fixtures';
import { ExpiryJob } from './ExpiryJob';
import { ExpiryRecords } from './ExpiryRecords';
import type { TeardownTask, TeardownTasks } from './ScaffolderTasks';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const TEMPLATE = 'template:default/service-teardown';
const REF = 'component:default/checkout-preview';
const OWNER = 'group:default/payments';
const EXPIRES = '2026-12-08T15:00:00Z';
const HOUR = 3_600_000;

function preview(
  annotations: Record<string, string> = {},
  options: { owner?: string | null } = {},
): Entity {
  const entity = component('checkout-preview', {
    annotations: {
      'groundwork.dev/environments': 'dev',
      'groundwork.dev/expires-at': EXPIRES,
      ...annotations,
    },
  });
  if (options.owner === null) {
    delete entity.spec!.owner;
    entity.relations = [];
  }
  return entity;
}

/** The scaffolder as the job sees it: tasks it started, and how they end. */
function fakeTasks() {
  const created: Array<{ templateRef: string; entityRef: string }> = [];
  const outcomes = new Map<string, TeardownTask>();
  let refuse: Error | undefined;
  const tasks: TeardownTasks = {
    async create(templateRef, entityRef) {
      if (refuse) throw refuse;
      created.push({ templateRef, entityRef });
      const id = `task-${created.length}`;
      outcomes.set(id, { status: 'running' });
      return id;
    },
    async read(id) {
      return outcomes.get(id) ?? { status: 'missing' };
    },
  };
  return {
    tasks,
    created,
    end: (id: string, outcome: TeardownTask) => outcomes.set(id, outcome),
    refuse: (error?: Error) => {
      refuse = error;
    },
  };
}

async function setUp(
  id: (typeof databases)['supportedIds'][number],
  overrides: { onChange?: (refs: string[]) => Promise<void> } = {},
) {
  const knex = await databases.init(id);
  await KnexStatusStore.create({ database: mockServices.database({ knex }) });
  const records = new ExpiryRecords(knex);
  const state = {
    entities: [preview()] as Entity[],
    now: new Date(Date.parse(EXPIRES) - 72 * HOUR),
    notificationsDown: false,
  };
  const sent: Array<{ to: string; title: string; link?: string }> = [];
  const notifications: NotificationService = {
    async send({ recipients, payload }) {
      if (state.notificationsDown)
        throw new Error('notifications answered 503');
      sent.push({
        to: (recipients as { entityRef: string }).entityRef,
        title: payload.title,
        link: payload.link,
      });
    },
  };
  // The catalog's own filter semantics, over entities the test changes.
  const catalog = {
    getEntities: (request, options) =>
      catalogServiceMock({ entities: state.entities }).getEntities(
        request,
        options,
      ),
  } as Pick<CatalogService, 'getEntities'> as CatalogService;
  const scaffolder = fakeTasks();
  const changed: string[] = [];
  const logger = mockServices.logger.mock();
  const job = () =>
    new ExpiryJob({
      catalog,
      auth: mockServices.auth(),
      records,
      tasks: scaffolder.tasks,
      notifications,
      environments,
      settings: { noticeHours: 24, teardownTemplate: TEMPLATE },
      logger,
      now: () => state.now,
      onChange: overrides.onChange ?? (refs => void changed.push(...refs)),
    });
  return { knex, records, state, sent, scaffolder, job, changed, logger };
}

describe.each(databases.eachSupportedId())('ExpiryJob on %p', id => {
  it('finishes its run when the entity pages cannot be told of a change', async () => {
    const { state, sent, job, logger } = await setUp(id, {
      onChange: async () => {
        throw new Error('catalog answered 503');
      },
    });
    state.now = new Date(Date.parse(EXPIRES) - 23 * HOUR);
    expect(await job().run()).toMatchObject({ notified: 1 });
    expect(sent).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        `the entity pages of ${REF} may show the previous state until the next catalog sync: Error: catalog answered 503`,
      ),
    );
  });

  it('tells the owners a day before, starts one teardown at the expiry, and records its end', async () => {
    const { knex, records, state, sent, scaffolder, job, changed } =
      await setUp(id);
    const expiry = job();

    // Three days before: nothing to say.
    expect(await expiry.run()).toMatchObject({ notified: 0, started: 0 });
    expect(sent).toEqual([]);

    // 23 hours before: one notice, to the owning group, once.
    state.now = new Date(Date.parse(EXPIRES) - 23 * HOUR);
    expect(await expiry.run()).toMatchObject({ notified: 1 });
    expect(await expiry.run()).toMatchObject({ notified: 0 });
    expect(sent).toEqual([
      {
        to: OWNER,
        title: `checkout-preview will be destroyed at ${EXPIRES}`,
        link: '/catalog/default/component/checkout-preview/platform-status',
      },
    ]);
    expect(changed).toEqual([REF]);

    // At the expiry: one task of the teardown template, for this entity.
    state.now = new Date(EXPIRES);
    expect(await expiry.run()).toMatchObject({ started: 1 });
    state.now = new Date(Date.parse(EXPIRES) + HOUR);
    await expiry.run();
    expect(scaffolder.created).toEqual([
      { templateRef: TEMPLATE, entityRef: REF },
    ]);
    expect(await records.readAll()).toEqual([
      expect.objectContaining({
        entityRef: REF,
        expiresAt: EXPIRES,
        state: 'tearing-down',
        taskId: 'task-1',
        ownerRef: OWNER,
      }),
    ]);

    // The task removed the catalog entry and completed.
    scaffolder.end('task-1', { status: 'completed' });
    state.entities = [];
    expect(await expiry.run()).toMatchObject({ destroyed: 1 });
    expect(sent[1]).toEqual({
      to: OWNER,
      title: 'checkout-preview was destroyed at its expiry',
      link: '/create/tasks/task-1',
    });
    // Told, and the entity is gone: nothing left to keep.
    expect(await records.readAll()).toEqual([]);
    await expiry.run();
    expect(sent).toHaveLength(2);
    expect(scaffolder.created).toHaveLength(1);
    await knex.destroy();
  });

  it('records a failed teardown with its reason and leaves the environment alone', async () => {
    const { knex, records, state, sent, scaffolder, job } = await setUp(id);
    state.now = new Date(Date.parse(EXPIRES) + 5 * 60_000);
    const expiry = job();
    await expiry.run();
    scaffolder.end('task-1', {
      status: 'failed',
      reason: 'Error: terraform destroy failed: state is locked',
    });
    expect(await expiry.run()).toMatchObject({ failed: 1 });
    expect(sent).toEqual([
      {
        to: OWNER,
        title: 'The teardown of checkout-preview failed',
        link: '/create/tasks/task-1',
      },
    ]);
    const [record] = await records.readAll();
    expect(record).toMatchObject({
      state: 'failed',
      reason: 'Error: terraform destroy failed: state is locked',
      taskId: 'task-1',
      told: 'failed',
    });
    // Later runs start nothing more and say nothing more.
    state.now = new Date(Date.parse(EXPIRES) + 48 * HOUR);
    await expiry.run();
    await expiry.run();
    expect(scaffolder.created).toHaveLength(1);
    expect(sent).toHaveLength(1);

    // The owner extends it: the record starts afresh from the new value.
    const later = '2026-12-20T09:00:00Z';
    state.entities = [preview({ 'groundwork.dev/expires-at': later })];
    await expiry.run();
    expect(await records.readAll()).toEqual([]);
    state.now = new Date(Date.parse(later) - HOUR);
    expect(await expiry.run()).toMatchObject({ notified: 1 });
    state.now = new Date(later);
    expect(await expiry.run()).toMatchObject({ started: 1 });
    expect(scaffolder.created).toHaveLength(2);
    await knex.destroy();
  });

  it.each([
    [
      'no owner',
      preview({}, { owner: null }),
      'It has no valid owner (spec.owner is null), and nothing is destroyed without one who is told',
    ],
    [
      'an expiry that is not an instant',
      preview({ 'groundwork.dev/expires-at': 'tomorrow' }),
      'groundwork.dev/expires-at is "tomorrow", not an instant in UTC',
    ],
    [
      'a production environment',
      preview({ 'groundwork.dev/environments': 'dev,prod' }),
      'It declares the production environment prod, and a preview never runs in production',
    ],
    [
      'an unknown environment',
      preview({ 'groundwork.dev/environments': 'qa' }),
      'It declares environment "qa" (groundwork.dev/environments), which the portal does not configure',
    ],
    [
      'no environment',
      preview({ 'groundwork.dev/environments': '' }),
      'It declares no environments (groundwork.dev/environments)',
    ],
  ])(
    'refuses an entity with %s: destroys nothing, tells the owner once',
    async (_what, entity, reason) => {
      const { knex, records, state, sent, scaffolder, job } = await setUp(id);
      state.entities = [entity];
      state.now = new Date(Date.parse(EXPIRES) + 24 * HOUR);
      const expiry = job();
      expect(await expiry.run()).toMatchObject({ refused: 1, started: 0 });
      await expiry.run();
      expect(scaffolder.created).toEqual([]);
      const [record] = await records.readAll();
      expect(record.state).toBe('refused');
      expect(record.reason).toContain(reason);
      // Nobody to tell without an owner.
      const told = entity.spec?.owner
        ? [`${OWNER}: checkout-preview will not be destroyed at its expiry`]
        : [];
      expect(sent.map(n => `${n.to}: ${n.title}`)).toEqual(told);
      await knex.destroy();
    },
  );

  it('starts one task when two replicas run at once', async () => {
    const { knex, state, scaffolder, job } = await setUp(id);
    state.now = new Date(Date.parse(EXPIRES) + 60_000);
    const summaries = await Promise.all([job().run(), job().run()]);
    expect(summaries.map(s => s.started).sort()).toEqual([0, 1]);
    expect(scaffolder.created).toHaveLength(1);
    await knex.destroy();
  });

  it('says why when the scaffolder refuses the task, and tries again next run', async () => {
    const { knex, records, state, scaffolder, job } = await setUp(id);
    state.now = new Date(Date.parse(EXPIRES) + 60_000);
    scaffolder.refuse(
      new Error('Request failed with 404 Not Found, template not found'),
    );
    const expiry = job();
    expect(await expiry.run()).toMatchObject({ started: 0 });
    const [record] = await records.readAll();
    expect(record).toMatchObject({ state: 'scheduled' });
    expect(record.reason).toContain(
      `Could not start the teardown task (${TEMPLATE}): Error: Request failed with 404 Not Found, template not found. It is tried again on the next run.`,
    );
    scaffolder.refuse(undefined);
    expect(await expiry.run()).toMatchObject({ started: 1 });
    expect(scaffolder.created).toHaveLength(1);
    await knex.destroy();
  });

  it('sends a notice the notifications backend refused on the next run', async () => {
    const { knex, state, sent, job } = await setUp(id);
    state.now = new Date(Date.parse(EXPIRES) - HOUR);
    state.notificationsDown = true;
    const expiry = job();
    expect(await expiry.run()).toMatchObject({ notified: 0 });
    state.notificationsDown = false;
    expect(await expiry.run()).toMatchObject({ notified: 1 });
    expect(sent).toHaveLength(1);
    await knex.destroy();
  });

  it('marks a claim whose run stopped before the task started as failed, never starting a second task', async () => {
    const { knex, records, state, sent, scaffolder, job } = await setUp(id);
    state.now = new Date(Date.parse(EXPIRES) + 60_000);
    // A run that claimed and then died.
    await records.claimTeardown(
      {
        entityRef: REF,
        expiresAt: EXPIRES,
        label: 'checkout-preview',
        ownerRef: OWNER,
        updatedAt: state.now.toISOString(),
      },
      state.now.toISOString(),
    );
    const expiry = job();
    await expiry.run();
    expect(scaffolder.created).toEqual([]);
    state.now = new Date(state.now.getTime() + 11 * 60_000);
    expect(await expiry.run()).toMatchObject({ failed: 1, started: 0 });
    const [record] = await records.readAll();
    expect(record.state).toBe('failed');
    expect(record.reason).toContain('whether a task started is not known');
    expect(sent.map(s => s.title)).toEqual([
      'The teardown of checkout-preview failed',
    ]);
    expect(scaffolder.created).toEqual([]);
    await knex.destroy();
  });
});
