import yaml from 'yaml';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRequireNewEntityAction } from './requireNewEntity';
import { examples } from './requireNewEntity.examples';

const PAYMENTS_API: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
};

const LEDGER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'ledger', namespace: 'finance' },
  spec: { owner: 'group:finance/accounting' },
  relations: [{ type: 'ownedBy', targetRef: 'group:finance/accounting' }],
};

describe('groundwork:entity:require-new', () => {
  const auth = mockServices.auth({ pluginId: 'scaffolder' });

  function setup(entities: Entity[] = [PAYMENTS_API, LEDGER]) {
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
    const action = createRequireNewEntityAction({ catalog, auth });
    const run = async (entityRef: string, isDryRun = false) => {
      const ctx = createMockActionContext({
        input: { entityRef },
        isDryRun,
        logger: mockServices.logger.mock(),
      });
      await action.handler(ctx as any);
      return {
        ctx,
        outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
      };
    };
    return { run, getEntityByRef };
  }

  it('lets a name the catalog does not have through, and says so', async () => {
    const { run } = setup();
    const { ctx, outputs } = await run('component:default/ledger-api');
    expect(outputs).toEqual({ entityRef: 'component:default/ledger-api' });
    expect(ctx.logger.info).toHaveBeenCalledWith(
      'component:default/ledger-api is not in the catalog yet: the name is free.',
    );
  });

  it('refuses an existing entity with a ConflictError naming it and its owner', async () => {
    const { run } = setup();
    const error = await run('component:default/payments-api').catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'component:default/payments-api already exists in the catalog, owned by group:default/payments. Choose another name; to change component:default/payments-api itself, ask group:default/payments or use a template made for changing it.',
    );
  });

  it('finds the entity whatever the case of the reference and with the default namespace left out', async () => {
    const { run } = setup();
    await expect(run('Component:Payments-API')).rejects.toThrow(
      /^component:default\/payments-api already exists/,
    );
  });

  it("names the owner from the entity's ownedBy relation when the catalog has one", async () => {
    const { run } = setup();
    await expect(run('system:finance/ledger')).rejects.toThrow(
      'system:finance/ledger already exists in the catalog, owned by group:finance/accounting.',
    );
  });

  it('asks the catalog with its own service credentials, not the person’s', async () => {
    const { run, getEntityByRef } = setup();
    await run('component:default/ledger-api');
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    const [ref, options] = getEntityByRef.mock.calls[0];
    expect(ref).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'ledger-api',
    });
    expect((options as { credentials?: unknown })?.credentials).toEqual(
      mockCredentials.service('plugin:scaffolder'),
    );
  });

  it('checks in a dry run too: it only reads', async () => {
    const { run } = setup();
    await expect(run('component:default/payments-api', true)).rejects.toThrow(
      ConflictError,
    );
  });

  it.each([
    ['', /not an entity reference/],
    ['payments-api', /not an entity reference/],
    ['component:default/${file("/etc/passwd")}', /invalid name/],
    ['component:Bad_NS/x', /invalid namespace "Bad_NS"/],
    [`component:default/${'a'.repeat(64)}`, /invalid name/],
    ['component:default/__proto__', /invalid name "__proto__"/],
  ])(
    'refuses %j before asking the catalog, saying what a reference looks like',
    async (entityRef, message) => {
      const { run, getEntityByRef } = setup();
      const error = await run(entityRef).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
      expect(getEntityByRef).not.toHaveBeenCalled();
    },
  );

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:entity:require-new');
      // The examples' parameters, as the form would give them.
      const render = (name: string) =>
        String(step.input.entityRef)
          .replace('${{ parameters.name }}', name)
          .replace('${{ parameters.namespace }}', 'finance');
      const { run } = setup([
        PAYMENTS_API,
        { ...LEDGER, metadata: { name: 'payments-api', namespace: 'finance' } },
      ]);
      await expect(run(render('payments-api'))).rejects.toThrow(ConflictError);
      const { outputs } = await run(render('new-one'));
      expect(outputs.entityRef).toMatch(/^[a-z]+:[a-z]+\/new-one$/);
    },
  );
});
