import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError, ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import yaml from 'yaml';
import { createRequestAction } from './request';
import { examples } from './request.examples';

const WAIVER = {
  kind: 'waiver',
  reason: 'The fix ships next week',
  payload: {
    entityRef: 'component:default/ledger',
    environment: 'staging',
    rule: 'GW-AWS-004',
    resource: 'aws_s3_bucket.*',
    expiresAt: '2026-12-20T00:00:00Z',
  },
};

/** The requests backend's answer to a refused request, as its HTTP client throws it. */
async function refusal(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'POST', url: '/api/requests/requests' },
        response: { statusCode: status },
      }),
      {
        status,
        headers: { 'content-type': 'application/json' },
      },
    ) as any,
  );
}

function setup(options: { refuse?: () => Promise<Error> } = {}) {
  const created: Array<{ request: unknown; onBehalfOf: unknown }> = [];
  const requests: RequestsService = {
    async create(request, { onBehalfOf }) {
      if (options.refuse) throw await options.refuse();
      created.push({
        request,
        onBehalfOf: (onBehalfOf.principal as any).userEntityRef,
      });
      return {
        id: 'request-1',
        state: 'requested',
        title: 'Waive GW-AWS-004',
      } as GroundworkRequest;
    },
    async list() {
      return [];
    },
    async inForce() {
      return { waivers: [], budgets: [] };
    },
  };
  const action = createRequestAction({
    requests,
    appBaseUrl: 'https://portal.example.com/',
  });
  const run = async (
    input: object,
    opts: { isDryRun?: boolean; initiator?: any } = {},
  ) => {
    const ctx = createMockActionContext({ input: input as any });
    (ctx as { isDryRun?: boolean }).isDryRun = opts.isDryRun;
    ctx.getInitiatorCredentials = async () =>
      opts.initiator ?? mockCredentials.user('user:default/maria');
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
  return { run, created, action };
}

describe('groundwork:request', () => {
  it('asks on behalf of the person who started the task', async () => {
    const { run, created } = setup();
    expect(await run(WAIVER)).toEqual({
      requestId: 'request-1',
      state: 'requested',
      url: 'https://portal.example.com/requests/request-1',
    });
    expect(created).toEqual([
      {
        request: expect.objectContaining({
          kind: 'waiver',
          payload: WAIVER.payload,
          reason: 'The fix ships next week',
        }),
        onBehalfOf: 'user:default/maria',
      },
    ]);
  });

  it('asks nothing in a dry run, and says what it would ask', async () => {
    const { run, created } = setup();
    expect(await run(WAIVER, { isDryRun: true })).toEqual({
      state: 'dry-run',
      url: 'https://portal.example.com/requests',
    });
    expect(created).toEqual([]);
  });

  it('refuses a task started by no person', async () => {
    const { run, created } = setup();
    await expect(
      run(WAIVER, { initiator: mockCredentials.service() }),
    ).rejects.toThrow(NotAllowedError);
    expect(created).toEqual([]);
  });

  it("passes on the applier's refusal in its own words", async () => {
    const { run } = setup({
      refuse: () =>
        refusal(
          400,
          'InputError',
          'expiresAt 2027-03-01T00:00:00.000Z is too far away',
        ),
    });
    const error = await run(WAIVER).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'The waiver request was refused: expiresAt 2027-03-01T00:00:00.000Z is too far away',
    );
  });

  it('refuses a blank reason', async () => {
    const { run, created } = setup();
    await expect(run({ ...WAIVER, reason: '   ' })).rejects.toThrow(InputError);
    expect(created).toEqual([]);
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:request');
      const { run, created } = setup();
      await expect(run(step.input)).resolves.toMatchObject({
        requestId: 'request-1',
      });
      expect(created[0].request).toMatchObject({ kind: step.input.kind });
    },
  );
});
