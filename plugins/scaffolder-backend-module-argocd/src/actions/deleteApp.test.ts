import {
  ArgoCdCrds,
  ArgoCdStandIn,
  argoCdContract,
} from '@groundwork/stand-in-test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { parse } from 'yaml';
import {
  authorizing,
  configWith,
  paymentsInput,
  run,
} from '../__testUtils__/harness';
import { createArgoCdCreateAppAction } from './createApp';
import { createArgoCdDeleteAppAction, DELETE_APP_ACTION_ID } from './deleteApp';
import { examples } from './deleteApp.examples';

/**
 * argocd:delete-app against the Argo CD stand-in (held to Argo CD's API
 * contract, with its RBAC and getAppEnforceRBAC answers), on Applications
 * the real argocd:create-app made.
 */

const PAYMENTS = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

const DELETE = {
  name: 'payments-dev',
  project: 'default',
  entityRef: 'component:default/payments',
  environment: 'dev',
};

describe('argocd:delete-app', () => {
  let argocd: ArgoCdStandIn;
  let config: ReturnType<typeof configWith>;

  const deleteAction = (permissions = mockServices.permissions()) =>
    createArgoCdDeleteAppAction({
      ...authorizing({ entities: [PAYMENTS as any], permissions }),
      config,
      client: { backoffMs: 1, maxRetries: 0 },
    });

  // Compiling Argo CD's swagger and CRD schemas takes seconds on a busy
  // machine: pay for it once here, not inside the first test's hook.
  beforeAll(() => {
    argoCdContract().validate(
      { $ref: 'contract#/definitions/v1alpha1Application' },
      {},
      'warm-up',
    );
    for (const kind of ['Application', 'AppProject']) {
      ArgoCdCrds.get().validateManifest({
        apiVersion: 'argoproj.io/v1alpha1',
        kind,
        metadata: { name: 'warm-up' },
        spec: {},
      });
    }
  }, 60_000);

  beforeEach(async () => {
    argocd = await new ArgoCdStandIn({
      clusters: [
        { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
      ],
    }).start();
    config = configWith({ instances: [{ name: 'dev', url: argocd.url }] });
    const created = await run(
      createArgoCdCreateAppAction({
        ...authorizing(),
        config,
        client: { backoffMs: 1 },
      }),
      paymentsInput(),
    );
    if (created.error || !argocd.application('payments-dev')) {
      throw new Error(
        `argocd:create-app did not create payments-dev: ${created.error}`,
      );
    }
  });
  afterEach(async () => {
    argocd.assertNoViolations();
    await argocd.stop();
  });

  it('deletes the Application create-app made, with its resources, naming the project', async () => {
    const { outputs, error, log } = await run(deleteAction(), DELETE);
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ deleted: true });
    expect(argocd.application('payments-dev')).toBeUndefined();
    const [call] = argocd.callsTo('ApplicationService_Delete');
    expect(call.query).toMatchObject({
      project: ['default'],
      cascade: ['true'],
    });
    expect(log).toContain(
      'Deleted the Argo CD application payments-dev (project default) on Argo CD instance "dev"; Argo CD deletes its resources.',
    );
  });

  it('succeeds when the Application is already gone (a teardown run again)', async () => {
    await run(deleteAction(), DELETE);
    const again = await run(deleteAction(), DELETE);
    expect(again.error).toBeUndefined();
    expect(again.outputs).toEqual({ deleted: false });
    expect(again.log).toContain(
      'The Argo CD application payments-dev (project default) on Argo CD instance "dev" is already gone; nothing to delete.',
    );
  });

  it('sends nothing in a dry run', async () => {
    const before = argocd.calls.length;
    const { outputs, error, log } = await run(deleteAction(), DELETE, {
      isDryRun: true,
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ deleted: false });
    expect(argocd.application('payments-dev')).toBeDefined();
    expect(argocd.calls).toHaveLength(before);
    expect(log).toContain(
      'Dry run: would delete the Argo CD application payments-dev (project default) on Argo CD instance "dev" with its resources. Nothing was sent.',
    );
  });

  it("fails the step when Argo CD's RBAC refuses the delete, and the Application stays", async () => {
    argocd.deny({
      resource: 'applications',
      action: 'delete',
      object: 'default/payments-dev',
    });
    const { error } = await run(deleteAction(), DELETE);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error?.message).toMatch(/permission denied: applications, delete/);
    expect(argocd.application('payments-dev')).toBeDefined();
  });

  it('fails the step when Argo CD is down, rather than calling it gone', async () => {
    await argocd.stop();
    const { error } = await run(deleteAction(), DELETE);
    expect(error?.message).toMatch(/Could not reach Argo CD instance "dev"/);
    argocd = await new ArgoCdStandIn({}).start();
  });

  describe('what an attacker would try', () => {
    it("deleting another entity's Application by its name", async () => {
      const { error } = await run(deleteAction(), {
        ...DELETE,
        entityRef: 'component:default/ledger',
      });
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error?.message).toBe(
        'The Argo CD application payments-dev (project default) on Argo CD instance "dev" is not component:default/ledger\'s in dev: its groundwork.dev labels say component:default/payments in dev. Nothing was deleted; check the name, or delete it in Argo CD.',
      );
      expect(argocd.application('payments-dev')).toBeDefined();
      expect(argocd.callsTo('ApplicationService_Delete')).toHaveLength(0);
    });

    it('deleting it as someone who does not own the entity, before any Argo CD call', async () => {
      const calls = argocd.calls.length;
      const { error } = await run(
        deleteAction(
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(() => ({ result: AuthorizeResult.DENY })),
          }),
        ),
        DELETE,
        { credentials: mockCredentials.user('user:default/mallory') },
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error?.message).toMatch(
        /^user:default\/mallory may not run argocd:delete-app in dev for component:default\/payments/,
      );
      expect(argocd.calls).toHaveLength(calls);
    });

    it('deleting in production without the production groups', async () => {
      const { error } = await run(
        deleteAction(
          mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(r => ({
                result:
                  r.permission.name ===
                  'groundwork.environment.production.change'
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
          }),
        ),
        { ...DELETE, environment: 'prod' },
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error?.message).toContain('prod is a production environment');
      expect(argocd.application('payments-dev')).toBeDefined();
    });

    it.each([
      ['a name that is not a DNS subdomain', { name: '../payments-dev' }],
      ['an entityRef that is not one', { entityRef: 'not a ref ${{ x }}' }],
      ['an unknown environment', { environment: 'qa' }],
    ])('%s', async (_what, change) => {
      const { error } = await run(deleteAction(), { ...DELETE, ...change });
      expect(error?.name).toBe('InputError');
      expect(argocd.application('payments-dev')).toBeDefined();
      expect(argocd.callsTo('ApplicationService_Delete')).toHaveLength(0);
    });
  });

  it('has an id and runs its example', async () => {
    const action = deleteAction();
    expect(action.id).toBe(DELETE_APP_ACTION_ID);
    expect(action.supportsDryRun).toBe(true);
    const [step] = parse(examples[0].example).steps;
    expect(step.action).toBe(DELETE_APP_ACTION_ID);
    const { outputs, error } = await run(action, {
      ...step.input,
      project: 'default',
    });
    expect(error).toBeUndefined();
    expect(outputs).toEqual({ deleted: true });
  });
});
