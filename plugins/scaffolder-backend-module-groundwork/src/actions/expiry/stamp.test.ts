import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  readExpiry,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import yaml from 'yaml';
import { createStampExpiryAction } from './stamp';
import { examples } from './stamp.examples';

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

const NOW = new Date(Date.UTC(2026, 11, 7, 14, 30, 15, 400));

function setup(maxTtlHours = 168) {
  const action = createStampExpiryAction({
    environments,
    maxTtlHours,
    now: () => NOW,
  });
  return async (input: object, isDryRun = false) => {
    const ctx = createMockActionContext({ input: input as any, isDryRun });
    await action.handler(ctx as any);
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  };
}

describe('groundwork:expiry:stamp', () => {
  it('stamps now plus the time to live, as readExpiry reads it', async () => {
    const out = await setup()({ ttlHours: 24, environments: ['dev'] });
    expect(out).toEqual({
      expiresAt: '2026-12-08T14:30:15Z',
      environment: 'dev',
    });
    expect(
      readExpiry({
        metadata: {
          annotations: { 'groundwork.dev/expires-at': out.expiresAt },
        },
      }),
    ).toEqual({
      kind: 'expires',
      expiresAt: new Date(Date.UTC(2026, 11, 8, 14, 30, 15)),
    });
  });

  it('computes the same in a dry run, which changes nothing anyway', async () => {
    await expect(
      setup()({ ttlHours: 4, environments: ['staging'] }, true),
    ).resolves.toEqual({
      expiresAt: '2026-12-07T18:30:15Z',
      environment: 'staging',
    });
  });

  it('says no expiry without a time to live, whatever the environments', async () => {
    await expect(setup()({ environments: ['prod', 'dev'] })).resolves.toEqual({
      expiresAt: '',
      environment: 'dev',
    });
    await expect(
      setup()({ ttlHours: null, environments: ['prod'] }),
    ).resolves.toEqual({ expiresAt: '', environment: 'prod' });
  });

  it('refuses a time to live above groundwork.previews.maxTtlHours', async () => {
    const error = await setup(72)({
      ttlHours: 168,
      environments: ['dev'],
    }).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'A time to live of 168 hours is longer than the portal allows (72, groundwork.previews.maxTtlHours). Choose at most 72 hours, or leave it empty for a service that does not expire.',
    );
    await expect(
      setup(72)({ ttlHours: 72, environments: ['dev'] }),
    ).resolves.toMatchObject({ expiresAt: '2026-12-10T14:30:15Z' });
  });

  it.each([0, -1, 2.5])('refuses a time to live of %p', async ttlHours => {
    await expect(setup()({ ttlHours, environments: ['dev'] })).rejects.toThrow(
      /whole number of hours, at least 1/,
    );
  });

  it('refuses a production environment, first or alone', async () => {
    await expect(
      setup()({ ttlHours: 24, environments: ['prod'] }),
    ).rejects.toThrow(
      'prod is a production environment, and a preview with a time to live never runs in production',
    );
  });

  it('refuses more than one environment, naming the one to keep', async () => {
    // In the portal's order: the user's order does not pick the first.
    await expect(
      setup()({ ttlHours: 24, environments: ['staging', 'dev'] }),
    ).rejects.toThrow(
      'A preview runs in one environment only: it is never promoted, and the teardown destroys the one New service provisions. You chose dev, staging; keep dev alone, or leave the time to live empty.',
    );
  });

  it('refuses an environment the portal does not configure', async () => {
    await expect(
      setup()({ ttlHours: 24, environments: ['qa'] }),
    ).rejects.toThrow(
      'Unknown environment "qa"; the portal configures dev, staging, prod',
    );
  });

  it.each(examples.map(e => [e.description, e]))(
    'runs its example: %s',
    async (_description, example) => {
      const [step] = yaml.parse(example.example).steps;
      expect(step.action).toBe('groundwork:expiry:stamp');
      await expect(
        setup()({ ttlHours: 24, environments: ['dev'] }),
      ).resolves.toMatchObject({ expiresAt: '2026-12-08T14:30:15Z' });
    },
  );
});
