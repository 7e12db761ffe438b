import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import yaml from 'yaml';
import { createCheckExpiryAction } from './check';
import { examples } from './check.examples';

const environments = readGroundworkEnvironments(
  new ConfigReader({
    groundwork: {
      environments: [
        { name: 'dev', argocdInstance: 'central' },
        { name: 'staging' },
        { name: 'prod', production: true },
      ],
    },
  }),
);

const NOW = new Date(Date.UTC(2026, 11, 8, 15, 0, 0));
const PAST = '2026-12-08T14:59:59Z';
const FUTURE = '2026-12-09T15:00:00Z';
const LOCATION =
  'url:https://github.com/acme/ledger-preview/blob/main/catalog-info.yaml';

/** A preview New service made, with what to change for each attack. */
function preview(
  annotations: Record<string, string | undefined> = {},
  spec: Record<string, unknown> = { owner: 'group:default/payments' },
) {
  const all: Record<string, string | undefined> = {
    'github.com/project-slug': 'acme/ledger-preview',
    'groundwork.dev/environments': 'dev',
    'groundwork.dev/expires-at': PAST,
    'backstage.io/managed-by-origin-location': LOCATION,
    ...annotations,
  };
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'ledger-preview',
      namespace: 'default',
      annotations: Object.fromEntries(
        Object.entries(all).filter(([, v]) => v !== undefined),
      ) as Record<string, string>,
    },
    spec: { type: 'service', lifecycle: 'experimental', ...spec },
  };
}

const MARIA = mockCredentials.user('user:default/maria');
const EXPIRY_JOB = mockCredentials.service('plugin:platform-status');

/**
 * The action with a policy under which only owners (Maria) may change the
 * entity, as Groundwork's does.
 */
function setup(entity: object, options: { ownerOnly?: string } = {}) {
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(() => ({
        result:
          (credentials.principal as any).userEntityRef ===
          (options.ownerOnly ?? 'user:default/maria')
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
  });
  const action = createCheckExpiryAction({
    catalog: catalogServiceMock({ entities: [entity as any] }),
    auth: mockServices.auth(),
    permissions,
    environments,
    teamProjectPattern: '{team}-{environment}',
    now: () => NOW,
  });
  return async (
    input: object,
    credentials: BackstageCredentials = MARIA,
    isDryRun = false,
  ) => {
    const ctx = createMockActionContext({ input: input as any, isDryRun });
    ctx.getInitiatorCredentials = async () => credentials;
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
}

const REF = { entityRef: 'component:default/ledger-preview' };

describe('groundwork:expiry:check', () => {
  it('lets the expiry job tear down an expired preview, and says what New service made', async () => {
    await expect(setup(preview())(REF, EXPIRY_JOB)).resolves.toEqual({
      entityRef: 'component:default/ledger-preview',
      name: 'ledger-preview',
      owner: 'group:default/payments',
      expiresAt: PAST,
      expired: true,
      environment: 'dev',
      environments: ['dev'],
      repoUrl: 'github.com?owner=acme&repo=ledger-preview',
      infraUrl:
        'https://github.com/acme/ledger-preview/tree/main/infra/envs/dev',
      argocdInstance: 'central',
      argocdApp: 'ledger-preview-dev',
      argocdProject: 'payments-dev',
      location: LOCATION,
    });
  });

  it('lets anyone tear down an expired preview (it is past its time whoever notices)', async () => {
    await expect(
      setup(preview())(REF, mockCredentials.user('user:default/mallory')),
    ).resolves.toMatchObject({ expired: true });
  });

  it('lets an owner tear it down before it expires', async () => {
    await expect(
      setup(preview({ 'groundwork.dev/expires-at': FUTURE }))(REF, MARIA),
    ).resolves.toMatchObject({ expired: false, expiresAt: FUTURE });
  });

  describe('what an attacker would try', () => {
    it('a non-owner tearing down a preview that has not expired', async () => {
      const error = await setup(
        preview({ 'groundwork.dev/expires-at': FUTURE }),
      )(REF, mockCredentials.user('user:default/mallory')).catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toMatch(
        /^component:default\/ledger-preview is not torn down: it expires at 2026-12-09T15:00:00Z, which has not passed\. user:default\/mallory may not tear down before its expiry for component:default\/ledger-preview: only its owners and the platform administrators may .* Nothing was destroyed\.$/,
      );
    });

    it('a service principal (the expiry job) before the expiry', async () => {
      await expect(
        setup(preview({ 'groundwork.dev/expires-at': FUTURE }))(
          REF,
          EXPIRY_JOB,
        ),
      ).rejects.toThrow(
        'component:default/ledger-preview is not torn down: it expires at 2026-12-09T15:00:00Z, which has not passed, and only a person (an owner or an administrator) may tear it down before then. Nothing was destroyed.',
      );
    });

    it('an entity with a production environment', async () => {
      const error = await setup(
        preview({ 'groundwork.dev/environments': 'dev,prod' }),
      )(REF, EXPIRY_JOB).catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        'component:default/ledger-preview is not torn down. It declares the production environment prod, and a preview never runs in production: remove the expiry or the environment from its catalog-info.yaml, whichever is wrong. Nothing was destroyed.',
      );
    });

    it('an entity whose only environment is production, even to its owner', async () => {
      await expect(
        setup(preview({ 'groundwork.dev/environments': 'prod' }))(REF, MARIA),
      ).rejects.toThrow(/declares the production environment prod/);
    });

    it('an environment the portal does not know', async () => {
      await expect(
        setup(preview({ 'groundwork.dev/environments': 'dev,qa' }))(
          REF,
          EXPIRY_JOB,
        ),
      ).rejects.toThrow(
        'It declares environment "qa" (groundwork.dev/environments), which the portal does not configure',
      );
    });

    it.each([
      ['no spec.owner', {}],
      ['an empty owner', { owner: '  ' }],
      ['an owner that is not a reference', { owner: 'group:default/' }],
      ['an owner that is not a string', { owner: { name: 'payments' } }],
    ])('an entity with %s', async (_what, spec) => {
      const error = await setup(preview({}, spec))(REF, EXPIRY_JOB).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(
        /^component:default\/ledger-preview is not torn down\. It has no valid owner \(spec\.owner is .*\), and nothing is destroyed without one who is told: set spec\.owner in its catalog-info\.yaml\. Nothing was destroyed\.$/,
      );
    });

    it.each(['tomorrow', '2026-12-08', '2026-12-08T15:00:00+01:00', ''])(
      'a malformed expiry %j',
      async value => {
        await expect(
          setup(preview({ 'groundwork.dev/expires-at': value }))(
            REF,
            EXPIRY_JOB,
          ),
        ).rejects.toThrow(
          `component:default/ledger-preview is not torn down. groundwork.dev/expires-at is "${value}", not an instant in UTC such as 2026-12-08T15:00:00Z; fix the annotation in the entity's catalog-info.yaml. Nothing was destroyed.`,
        );
      },
    );

    it('an entity that is not a preview at all', async () => {
      await expect(
        setup(preview({ 'groundwork.dev/expires-at': undefined }))(REF, MARIA),
      ).rejects.toThrow(
        'It has no groundwork.dev/expires-at annotation, so it is not a preview service',
      );
    });

    it.each([
      'component:default/ledger-preview/../../x',
      'not an entity ref at all',
      '${{ secrets.token }}',
      'component:default/',
      ':::',
    ])('an entityRef that is not an entity reference: %j', async entityRef => {
      const error = await setup(preview())({ entityRef }, EXPIRY_JOB).catch(
        e => e,
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(
        /^entityRef ".*" (is not an entity reference|has an invalid)/,
      );
    });

    it('another kind than a Component (a Group, say)', async () => {
      await expect(
        setup(preview())({ entityRef: 'group:default/payments' }, EXPIRY_JOB),
      ).rejects.toThrow(
        'group:default/payments is not a Component: the teardown destroys preview services made by New service, which are Components.',
      );
    });

    it('an entity the catalog does not hold', async () => {
      const error = await setup(preview())(
        { entityRef: 'component:default/ghost' },
        EXPIRY_JOB,
      ).catch(e => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toBe(
        'component:default/ghost is not in the catalog, or the service plugin:platform-status may not read it; nothing was destroyed. Check the reference.',
      );
    });

    it('an entity owned by a person, which has no team project', async () => {
      await expect(
        setup(preview({}, { owner: 'user:default/maria' }))(REF, EXPIRY_JOB),
      ).rejects.toThrow(/is owned by user:default\/maria, not a Group/);
    });

    it('an entity without its repository', async () => {
      await expect(
        setup(preview({ 'github.com/project-slug': 'acme/../etc' }))(
          REF,
          EXPIRY_JOB,
        ),
      ).rejects.toThrow(/has no valid github.com\/project-slug annotation/);
    });
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:expiry:check');
      await expect(
        setup(preview())(
          {
            entityRef: String(step.input.entityRef).replace(
              '${{ parameters.entityRef }}',
              REF.entityRef,
            ),
          },
          EXPIRY_JOB,
        ),
      ).resolves.toMatchObject({ environment: 'dev' });
    },
  );
});
