import type { Entity } from '@backstage/catalog-model';
import {
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
} from '@groundwork/stand-in-test-utils';
import { createDoubleState } from './__testUtils__/pendingActions';
import { startScaffolder } from './__testUtils__/scaffolder';
import { createTask, taskEnd, templateEntity } from './__testUtils__/tasks';
import { ENTITIES } from './testing/catalog';
import { cloudOf } from './testing/cloud';

jest.setTimeout(180_000);

/**
 * new-service refuses a name the catalog already has: its first step,
 * groundwork:entity:require-new, fails before any GitHub call, so the
 * existing service's repository, state and deployments stay its own. Run
 * as a real task (POST /v2/tasks) by the real scaffolder, against the
 * GitHub stand-in, which records every call it gets.
 */

const LEDGER: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'ledger', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
};

const form = (name: string) => ({
  name,
  owner: 'group:default/platform',
  language: 'nodejs',
  costCenter: 'cc-7',
  environments: ['dev'],
  exposure: 'internal',
  monthlyBudget: 100,
  productionBudget: 500,
  alertEmail: 'platform@example.com',
  repoUrl: `github.com?owner=acme&repo=${name}`,
});

describe('new-service with a name the catalog already has', () => {
  const state = createDoubleState(cloudOf);
  let github: GitHubHostingStandIn;
  let backend: Awaited<ReturnType<typeof startScaffolder>>;

  beforeAll(async () => {
    github = await createGitHubHostingStandIn({ tokens: ['ghs_test'] }).start();
    github.state.addOrg({ login: 'acme' });
    // The owning team, which publish:github gives write access.
    github.state.addTeam('acme', { name: 'platform' });
    backend = await startScaffolder(state, {
      entities: [...ENTITIES, LEDGER, templateEntity('new-service')],
      config: {
        integrations: {
          github: [{ ...github.integrationConfig(), token: 'ghs_test' }],
        },
      },
    });
  });
  afterEach(() => github.assertNoViolations());
  afterAll(async () => {
    await backend?.stop();
    await github?.stop();
  });

  it('fails at its first step, naming the existing component and its owner, and calls GitHub for nothing', async () => {
    // Asked for by another team (platform) than ledger's owner (payments).
    const created = await createTask(
      backend.server,
      'new-service',
      form('ledger'),
    );
    expect(created.status).toBe(201);
    const task = await taskEnd(backend.server, created.body.id);
    expect(task.status).toBe('failed');
    const { 'require-new': first, ...later } = task.steps;
    expect(first).toBe('failed');
    expect(Object.values(later).every(s => s === 'skipped')).toBe(true);
    expect(task.log.join('\n')).toContain(
      'component:default/ledger already exists in the catalog, owned by group:default/payments. Choose another name',
    );
    expect(github.calls).toEqual([]);
    expect(state.calls).toEqual([]);
  });

  it('proceeds with a fresh name: the repository is created', async () => {
    const created = await createTask(
      backend.server,
      'new-service',
      form('ledger-two'),
    );
    expect(created.status).toBe(201);
    const task = await taskEnd(backend.server, created.body.id);
    expect(task.steps['require-new']).toBe('completed');
    expect(task.steps.publish).toBe('completed');
    expect(
      github
        .callsTo('repos/create-in-org')
        .map(c => (c.body as { name?: string }).name),
    ).toEqual(['ledger-two']);
    expect([...github.repos.requireRepo('acme', 'ledger-two').teams]).toEqual([
      ['platform', 'push'],
    ]);
    expect(task.log).toContain(
      'info: component:default/ledger-two is not in the catalog yet: the name is free.',
    );
  });
});
