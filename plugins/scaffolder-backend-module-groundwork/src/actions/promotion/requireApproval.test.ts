import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import yaml from 'yaml';
import { createPromotionRequestApplier } from '../../requests/promotionApplier';
import { createRequireApprovalAction } from './requireApproval';
import { examples } from './requireApproval.examples';

const environments = readGroundworkEnvironments(
  new ConfigReader({
    groundwork: {
      environments: [
        { name: 'dev' },
        { name: 'staging' },
        { name: 'prod', production: true },
      ],
    },
  }),
);

const PROD = {
  entityRef: 'component:default/ledger',
  environment: 'prod',
  previousEnvironment: 'staging',
  imageTag: 'abc123',
};

/** A requests backend in memory: what the action asks, and the requests it lists. */
function setup(existing: Array<Partial<GroundworkRequest>> = []) {
  const created: unknown[] = [];
  const requests: RequestsService = {
    async create(request, { onBehalfOf }) {
      created.push({
        ...request,
        requestedBy: (onBehalfOf.principal as any).userEntityRef,
      });
      return { id: 'request-1', state: 'requested' } as GroundworkRequest;
    },
    async list() {
      return existing as GroundworkRequest[];
    },
    async inForce() {
      throw new Error('the promotion gate never reads waivers or budgets');
    },
  };
  const action = createRequireApprovalAction({ requests, environments });
  const run = async (input: object, isDryRun = false) => {
    const ctx = createMockActionContext({ input: input as any });
    (ctx as { isDryRun?: boolean }).isDryRun = isDryRun;
    ctx.getInitiatorCredentials = async () =>
      mockCredentials.user('user:default/maria');
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
  return { run, created };
}

const request = (
  over: Partial<GroundworkRequest> & { payload?: object },
): Partial<GroundworkRequest> => ({
  id: 'r1',
  kind: 'promotion',
  state: 'applied',
  requestedBy: 'user:default/maria',
  decidedBy: 'user:default/ada',
  payload: PROD,
  ...over,
});

describe('groundwork:promotion:require-approval', () => {
  it('lets a non-production environment through without asking', async () => {
    const { run, created } = setup();
    expect(await run({ ...PROD, environment: 'staging' })).toEqual({
      required: false,
    });
    expect(created).toEqual([]);
  });

  it('asks for approval the first time, and stops with its id', async () => {
    const { run, created } = setup();
    const error = await run(PROD).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      "Promoting component:default/ledger to prod at image abc123 needs a second person's approval; nothing was changed. Request request-1 (/requests/request-1) now waits for an approver (groundwork.permissions.approverGroups); run this again once it is approved.",
    );
    expect(created).toEqual([
      expect.objectContaining({
        kind: 'promotion',
        payload: PROD,
        requestedBy: 'user:default/maria',
      }),
    ]);
  });

  it('does not ask twice while a request waits', async () => {
    const { run, created } = setup([request({ state: 'requested' })]);
    await expect(run(PROD)).rejects.toThrow(ConflictError);
    expect(created).toEqual([]);
  });

  it('goes on once an approver approved this promotion', async () => {
    const { run } = setup([request({})]);
    expect(await run(PROD)).toEqual({
      required: true,
      requestId: 'r1',
      approvedBy: 'user:default/ada',
    });
  });

  it.each([
    ['another image', { payload: { ...PROD, imageTag: 'other' } }],
    [
      'another service',
      { payload: { ...PROD, entityRef: 'component:default/x' } },
    ],
    ['another requester', { requestedBy: 'user:default/ada' }],
    ['another kind', { kind: 'access' }],
  ])('does not count an approval of %s', async (_what, over) => {
    const { run, created } = setup([request(over)]);
    await expect(run(PROD)).rejects.toThrow(NotAllowedError);
    expect(created).toHaveLength(1);
  });

  it('asks nothing in a dry run', async () => {
    const { run, created } = setup();
    expect(await run(PROD, true)).toEqual({ required: true });
    expect(created).toEqual([]);
  });

  it('refuses a tag that is not an image tag', async () => {
    const { run } = setup();
    await expect(run({ ...PROD, imageTag: 'a\nb: c' })).rejects.toThrow(
      InputError,
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:promotion:require-approval');
      expect(Object.keys(step.input).sort()).toEqual(Object.keys(PROD).sort());
      const { run } = setup([request({})]);
      await expect(run(PROD)).resolves.toMatchObject({ required: true });
    },
  );
});

describe('the promotion request applier', () => {
  const applier = createPromotionRequestApplier();

  it('describes what approving lets happen, from the payload alone', async () => {
    const payload = await applier.validate(PROD);
    expect(await applier.describe(payload)).toEqual({
      title:
        'Promote component:default/ledger from staging to prod at image abc123',
      changes: [
        expect.objectContaining({ system: 'terraform' }),
        expect.objectContaining({
          system: 'github',
          target: 'pull request pinning image abc123 in deploy/overlays/prod',
        }),
        expect.objectContaining({ system: 'argocd' }),
      ],
    });
  });

  it('refuses a payload with a hostile tag or environment', async () => {
    await expect(
      applier.validate({ ...PROD, imageTag: '${{ x }}' }),
    ).rejects.toThrow(InputError);
    await expect(
      applier.validate({ ...PROD, environment: 'prod\n' }),
    ).rejects.toThrow(InputError);
  });
});
