import { parse as parseYaml } from 'yaml';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ADA, ORG, personaConfig } from '../__testUtils__/fixtures';
import { createHarness, Harness, writes } from '../__testUtils__/harness';

const GRACE = {
  name: 'Grace Hopper',
  email: 'grace@acme.dev',
  githubLogin: 'grace-h',
};
const onboarding = {
  person: ADA,
  persona: 'developer',
  team: 'group:default/payments',
  startDate: '2026-01-05',
};
const offboarding = {
  person: { email: ADA.email, githubLogin: ADA.githubLogin },
  persona: 'developer',
  team: 'group:default/payments',
  endDate: '2026-06-30',
};

function gitHubWorld(h: Harness) {
  const org = h.standIn.state.org(ORG)!;
  return {
    members: [...org.members.entries()],
    invitations: [...org.invitations.values()].map(i => i.login),
    teams: [...org.teams.values()].map(t => [t.slug, [...t.members.entries()]]),
  };
}

// The first test loads GitHub's 10 MB OpenAPI description (or spawns Node).
jest.setTimeout(30_000);

describe('persona:offboard', () => {
  const mockDir = createMockDirectory();
  let h: Harness;

  afterEach(async () => {
    await h?.stop();
    mockDir.clear();
  });

  const removeFromOrg = {
    ...personaConfig(),
    github: {
      host: 'github.test',
      organization: ORG,
      removeFromOrganization: true,
    },
  };

  it("asks the policy about the person's User first, and touches nothing when it refuses", async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.DENY }],
    });
    h = await createHarness({ workspace: mockDir.resolve('ws'), permissions });
    const { error, output } = await h.run('offboard', offboarding, {
      initiator: 'user:default/grace.hopper',
    });
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error!.message).toBe(
      'user:default/grace.hopper may not offboard user:default/Ada-L: only their manager (the groundwork.dev/manager annotation, a person or a group) and the platform administrators may (permission groundwork.user.offboard). Ask their manager to run it.',
    );
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'groundwork.user.offboard',
          }),
          resourceRef: 'user:default/Ada-L',
        },
      ],
      expect.anything(),
    );
    expect(h.standIn.calls).toEqual([]);
    expect(h.files()).toEqual([]);
    expect(output).toEqual({});
    expect(h.events).toEqual([
      expect.objectContaining({
        eventId: 'persona-offboard-refused',
        outcome: 'fail',
        severityLevel: 'high',
      }),
    ]);
  });

  it('undoes an onboarding exactly, leaving the rest of the team as it was', async () => {
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: removeFromOrg,
    });
    // Grace is on the team already; her access must survive Ada's offboarding.
    await h.run('onboard', { ...onboarding, person: GRACE });
    h.standIn.state.acceptInvitation(ORG, 'grace-h');
    const filesBefore = h.files().map(f => [f, h.read(f)]);
    const githubBefore = gitHubWorld(h);

    await h.run('onboard', onboarding);
    h.standIn.state.acceptInvitation(ORG, 'Ada-L');
    expect(h.files().length).toBeGreaterThan(filesBefore.length);

    const { output, error } = await h.run('offboard', offboarding);
    expect(error).toBeUndefined();
    h.standIn.assertNoViolations();
    expect(output.results.filter(r => r.system === 'github')).toEqual([
      {
        system: 'github',
        target: `team ${ORG}/payments-team (member)`,
        status: 'removed',
        detail: 'was member',
      },
      {
        system: 'github',
        target: `organization ${ORG} (member)`,
        status: 'removed',
        detail: 'was member',
      },
    ]);
    expect(
      output.results.filter(r => r.system !== 'github').map(r => r.status),
    ).toEqual(
      output.results.filter(r => r.system !== 'github').map(() => 'removed'),
    );
    expect(output.filesToDelete.sort()).toEqual([
      'catalog/users/Ada-L.yaml',
      'iam/aws/Ada-L.dev.tf',
      'iam/aws/Ada-L.tf',
      'iam/azure/Ada-L.prod.tf',
      'iam/gcp/Ada-L.staging.tf',
      'kubernetes/dev/teams/payments/Ada-L.yaml',
      'kubernetes/prod/teams/payments/Ada-L.yaml',
      'kubernetes/staging/teams/payments/Ada-L.yaml',
    ]);
    expect(output.files).toEqual([
      'argocd/policy.payments.csv',
      'kubernetes/dev/teams/payments/kustomization.yaml',
      'kubernetes/staging/teams/payments/kustomization.yaml',
      'kubernetes/prod/teams/payments/kustomization.yaml',
    ]);

    // Nothing of Ada's is left, in the files or on GitHub.
    expect(h.files().map(f => [f, h.read(f)])).toEqual(filesBefore);
    expect(gitHubWorld(h)).toEqual(githubBefore);
    expect(h.events.filter(e => e.eventId === 'persona-revoke')).toHaveLength(
      output.results.length,
    );
    expect(output.summary).toContain('## Offboarding: Ada-L as Developer');
    expect(output.summary).toContain('- `iam/aws/Ada-L.tf` (deleted)');

    // Idempotent: a second run finds nothing to remove.
    const writesBefore = writes(h.standIn).length;
    const again = await h.run('offboard', offboarding);
    expect(again.error).toBeUndefined();
    expect(again.output.results.map(r => r.status)).toEqual(
      again.output.results.map(() => 'unchanged'),
    );
    expect(again.output.filesToDelete).toEqual([]);
    expect(writes(h.standIn)).toHaveLength(writesBefore);
  });

  it('leaves a team the access reconciler manages to the merge', async () => {
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: personaConfig({
        access: {
          repository: 'github.test?owner=acme&repo=access',
          github: { teams: ['payments-team'] },
        },
      }),
    });
    // Ada is in the team (the reconciler put her there after the merge).
    h.standIn.state.setTeamMember(ORG, 'payments-team', 'Ada-L');
    const { output, error } = await h.run('offboard', offboarding);
    expect(error).toBeUndefined();
    expect(output.results.find(r => r.target.startsWith('team'))).toEqual({
      system: 'github',
      target: `team ${ORG}/payments-team (member)`,
      status: 'skipped',
      detail:
        'the access reconciler removes this membership once the access pull request merges (groundwork.persona.access.github.teams)',
    });
    expect(
      h.standIn.state
        .org(ORG)!
        .teams.get('payments-team')!
        .members.has('ada-l'),
    ).toBe(true);
  });

  it('cancels a pending invitation', async () => {
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: removeFromOrg,
    });
    await h.run('onboard', onboarding);
    const { output } = await h.run('offboard', offboarding);
    expect(
      output.results.find(r => r.target.startsWith('organization')),
    ).toMatchObject({
      status: 'removed',
      detail: 'invitation cancelled',
    });
    expect(h.standIn.state.org(ORG)!.invitations.size).toBe(0);
    // The last one out takes the team's Argo CD file with them; the
    // kustomizations stay, empty, so the access Applications prune.
    expect(h.files()).toEqual([
      'argocd/kustomization.yaml',
      'kubernetes/dev/teams/payments/kustomization.yaml',
      'kubernetes/prod/teams/payments/kustomization.yaml',
      'kubernetes/staging/teams/payments/kustomization.yaml',
    ]);
    expect(parseYaml(h.read('argocd/kustomization.yaml'))).toMatchObject({
      configMapGenerator: [{ name: 'argocd-rbac-cm', files: [] }],
    });
    expect(
      parseYaml(h.read('kubernetes/dev/teams/payments/kustomization.yaml')),
    ).toMatchObject({ resources: [] });
  });

  it('keeps the organization membership unless configured to remove it', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    await h.run('onboard', onboarding);
    h.standIn.state.acceptInvitation(ORG, 'Ada-L');
    const { output } = await h.run('offboard', offboarding);
    expect(
      output.results
        .filter(r => r.system === 'github')
        .map(r => [r.status, r.detail]),
    ).toEqual([
      ['removed', 'was member'],
      [
        'skipped',
        'kept: groundwork.persona.github.removeFromOrganization is false',
      ],
    ]);
    expect(h.standIn.state.org(ORG)!.members.get('ada-l')).toEqual({
      role: 'member',
      state: 'active',
    });
    expect(h.standIn.callsTo('orgs/remove-membership-for-user')).toEqual([]);
  });

  it('removes one environment only, keeping what belongs to the person', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    await h.run('onboard', onboarding);
    const { output } = await h.run('offboard', {
      ...offboarding,
      environments: ['prod'],
    });
    expect(output.filesToDelete.sort()).toEqual([
      'iam/azure/Ada-L.prod.tf',
      'kubernetes/prod/teams/payments/Ada-L.yaml',
    ]);
    expect(h.files()).toContain('catalog/users/Ada-L.yaml');
    expect(h.files()).toContain('iam/aws/Ada-L.tf');
    expect(h.read('argocd/policy.payments.csv')).toContain(
      'g, ada@acme.dev, role:payments-developer-dev',
    );
    expect(h.read('argocd/policy.payments.csv')).not.toContain(
      'payments-developer-prod',
    );
    expect(
      new Set(
        output.results.filter(r => r.system === 'github').map(r => r.status),
      ),
    ).toEqual(new Set(['skipped']));
    expect(writes(h.standIn).filter(c => c.method === 'DELETE')).toEqual([]);
  });

  it('marks the User entity instead of deleting it when configured', async () => {
    let today = new Date('2026-06-30T12:00:00Z');
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: { ...personaConfig(), catalog: { offboard: 'mark' } },
      now: () => today,
    });
    await h.run('onboard', onboarding);
    const { output } = await h.run('offboard', offboarding);
    expect(output.filesToDelete).not.toContain('catalog/users/Ada-L.yaml');
    const user = h.read('catalog/users/Ada-L.yaml');
    expect(user).toContain('groundwork.dev/offboarded: 2026-06-30');
    expect(user).toContain('memberOf: []');
    // Another day, the same: the mark is not moved.
    today = new Date('2026-07-02T12:00:00Z');
    const again = await h.run('offboard', { ...offboarding });
    expect(
      again.output.results.find(r => r.system === 'catalog'),
    ).toMatchObject({
      status: 'unchanged',
      detail: 'already marked offboarded',
    });
    expect(h.read('catalog/users/Ada-L.yaml')).toBe(user);
  });

  it('shows in a dry run what would be removed and calls nothing', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    await h.run('onboard', onboarding);
    const calls = h.standIn.calls.length;
    const { output, error } = await h.run('offboard', offboarding, {
      dryRun: true,
    });
    expect(error).toBeUndefined();
    expect(h.standIn.calls).toHaveLength(calls);
    expect(
      output.results.filter(r => r.system === 'github').map(r => r.status),
    ).toEqual(['planned', 'skipped']);
    expect(
      new Set(
        output.results.filter(r => r.system !== 'github').map(r => r.status),
      ),
    ).toEqual(new Set(['planned']));
  });

  it('refuses a GitHub login GitHub does not know', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    const { error } = await h.run('offboard', {
      ...offboarding,
      person: { ...offboarding.person, githubLogin: 'nobody-here' },
    });
    expect(error?.message).toMatch(/^GitHub has no user nobody-here/);
    expect(writes(h.standIn)).toEqual([]);
  });
});
