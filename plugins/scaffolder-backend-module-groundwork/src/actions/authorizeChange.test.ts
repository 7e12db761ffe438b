import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import yaml from 'yaml';
import { createAuthorizeChangeAction } from './authorizeChange';
import { examples } from './authorizeChange.examples';

const environments = readGroundworkEnvironments(
  new ConfigReader({
    groundwork: {
      environments: [{ name: 'dev' }, { name: 'prod', production: true }],
    },
  }),
);

const LEDGER = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

/** The action with a policy that answers per permission name. */
function setup(
  answers: Record<string, AuthorizeResult.ALLOW | AuthorizeResult.DENY>,
) {
  const permissions = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: answers[r.permission.name] ?? AuthorizeResult.ALLOW,
      })),
  });
  const action = createAuthorizeChangeAction({
    permissions,
    catalog: catalogServiceMock({ entities: [LEDGER] }),
    auth: mockServices.auth(),
    environments,
  });
  const run = async (input: object) => {
    const ctx = createMockActionContext({ input: input as any });
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.user('user:default/alan.turing');
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
  return { run, permissions };
}

describe('groundwork:entity:authorize-change', () => {
  it('refuses production to someone outside the production groups, before any other step', async () => {
    const { run } = setup({
      'groundwork.environment.production.change': AuthorizeResult.DENY,
    });
    const error = await run({
      entityRef: 'component:default/invoice-api',
      environments: ['dev', 'prod'],
    }).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(
      'prod is a production environment, and changing it is limited to the groups in groundwork.permissions.productionGroups',
    );
  });

  it("refuses another team's entity, naming the permission", async () => {
    const { run } = setup({
      'groundwork.entity.change': AuthorizeResult.DENY,
    });
    await expect(
      run({ entityRef: 'component:default/ledger', environments: ['dev'] }),
    ).rejects.toThrow(
      'user:default/alan.turing may not change dev for component:default/ledger',
    );
  });

  it('lets a new entity through, and says it is new', async () => {
    const { run, permissions } = setup({});
    expect(
      await run({
        entityRef: 'component:default/invoice-api',
        environments: ['dev'],
      }),
    ).toEqual({ isNew: true });
    // dev is not production: nothing to ask for a new entity there.
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('refuses an environment config does not declare, naming the declared ones', async () => {
    const { run } = setup({});
    await expect(
      run({ entityRef: 'component:default/ledger', environments: ['qa'] }),
    ).rejects.toThrow(
      new InputError(
        'Unknown environment "qa"; configured environments are dev, prod (groundwork.environments in app-config).',
      ),
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:entity:authorize-change');
      const { run } = setup({
        'groundwork.environment.production.change': AuthorizeResult.DENY,
      });
      const input = (environmentsChosen: string[]) => ({
        entityRef: String(step.input.entityRef).replace(
          '${{ parameters.name }}',
          'invoice-api',
        ),
        environments: environmentsChosen,
      });
      await expect(run(input(['dev']))).resolves.toEqual({ isNew: true });
      await expect(run(input(['dev', 'prod']))).rejects.toThrow(
        NotAllowedError,
      );
    },
  );
});
