import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { authorizeEntityChange, authorizeEnvironmentChange } from './authorize';

const existing = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

describe('authorizeEntityChange', () => {
  const catalog = catalogServiceMock({ entities: [existing] });
  const auth = mockServices.auth();
  const credentials = mockCredentials.user('user:default/margaret.hamilton');

  it('asks the policy about an entity the catalog holds, and says who may instead', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    const attempt = authorizeEntityChange({
      permissions,
      catalog,
      auth,
      credentials,
      entityRef: 'component:default/payments-api',
      what: 'run terraform:apply in dev',
    });
    await expect(attempt).rejects.toThrow(NotAllowedError);
    await expect(attempt).rejects.toThrow(
      'user:default/margaret.hamilton may not run terraform:apply in dev for component:default/payments-api: only its owners and the platform administrators may (permission groundwork.entity.change)',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'groundwork.entity.change',
          }),
          resourceRef: 'component:default/payments-api',
        },
      ],
      { credentials },
    );
  });

  it('allows what the policy allows', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    });
    await expect(
      authorizeEntityChange({
        permissions,
        catalog,
        auth,
        credentials,
        entityRef: 'component:default/payments-api',
        what: 'deliver',
      }),
    ).resolves.toEqual({ isNew: false });
  });

  it('treats an entity the catalog does not hold as new, without asking', async () => {
    const permissions = mockServices.permissions.mock();
    await expect(
      authorizeEntityChange({
        permissions,
        catalog,
        auth,
        credentials,
        entityRef: 'component:default/invoice-api',
        what: 'deliver',
      }),
    ).resolves.toEqual({ isNew: true });
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});

describe('authorizeEnvironmentChange', () => {
  const credentials = mockCredentials.user('user:default/alan.turing');

  it('asks nothing for an environment that is not production', async () => {
    const permissions = mockServices.permissions.mock();
    await authorizeEnvironmentChange({
      permissions,
      credentials,
      environment: { name: 'dev', production: false },
      what: 'apply',
    });
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it('refuses production to someone outside the production groups, naming the config key', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    await expect(
      authorizeEnvironmentChange({
        permissions,
        credentials,
        environment: { name: 'prod', production: true },
        what: 'run terraform:apply in prod',
      }),
    ).rejects.toThrow(
      'user:default/alan.turing may not run terraform:apply in prod: prod is a production environment, and changing it is limited to the groups in groundwork.permissions.productionGroups',
    );
  });
});
