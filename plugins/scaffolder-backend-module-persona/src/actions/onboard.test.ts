import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { json, peopleHandlers } from '@groundwork/stand-in-test-utils';
import { parse as parseYaml } from 'yaml';
import { ADA, ORG, personaConfig } from '../__testUtils__/fixtures';
import { createHarness, Harness, writes } from '../__testUtils__/harness';
import {
  validateWithKubernetesModels,
  yamlObjects,
} from '../__testUtils__/kubernetesModels';

const catalogPolicies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const developer = {
  person: ADA,
  persona: 'developer',
  team: 'group:default/payments',
  startDate: '2026-01-05',
  manager: 'user:default/grace.hopper',
};

// The first test loads GitHub's 10 MB OpenAPI description (or spawns Node).
jest.setTimeout(30_000);

describe('persona:onboard', () => {
  const mockDir = createMockDirectory();
  let h: Harness;

  afterEach(async () => {
    await h?.stop();
    mockDir.clear();
  });

  it('invites to the org and the team, and writes every file for review', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    const { output, error } = await h.run('onboard', developer);
    expect(error).toBeUndefined();
    h.standIn.assertNoViolations();

    expect(output.results.filter(r => r.system === 'github')).toEqual([
      {
        system: 'github',
        target: `organization ${ORG} (member)`,
        status: 'invited',
        detail: 'invited as member',
      },
      {
        system: 'github',
        target: `team ${ORG}/payments-team (member)`,
        status: 'invited',
        detail: 'member, pending until the organization invitation is accepted',
      },
    ]);
    // The Group's github.com/team-slug annotation names the GitHub team.
    const org = h.standIn.state.org(ORG)!;
    expect(org.members.get('ada-l')).toEqual({
      role: 'member',
      state: 'pending',
    });
    expect(org.teams.get('payments-team')!.members.get('ada-l')).toEqual({
      role: 'member',
      state: 'pending',
    });
    // Every call carried the integration's token.
    expect(
      h.standIn.calls.every(
        c => c.headers.authorization === 'token ghs_persona_test_token',
      ),
    ).toBe(true);

    expect(output.files.sort()).toEqual([
      'argocd/kustomization.yaml',
      'argocd/policy.payments.csv',
      'catalog/users/Ada-L.yaml',
      'iam/aws/Ada-L.dev.tf',
      'iam/aws/Ada-L.tf',
      'iam/azure/Ada-L.prod.tf',
      'iam/gcp/Ada-L.staging.tf',
      'kubernetes/dev/teams/payments/Ada-L.yaml',
      'kubernetes/dev/teams/payments/kustomization.yaml',
      'kubernetes/prod/teams/payments/Ada-L.yaml',
      'kubernetes/prod/teams/payments/kustomization.yaml',
      'kubernetes/staging/teams/payments/Ada-L.yaml',
      'kubernetes/staging/teams/payments/kustomization.yaml',
    ]);
    // What the access Applications sync once the pull request merges: the
    // team's policy as a key of argocd-rbac-cm, the bindings of each
    // environment.
    expect(parseYaml(h.read('argocd/kustomization.yaml'))).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      generatorOptions: {
        disableNameSuffixHash: true,
        labels: { 'app.kubernetes.io/part-of': 'argocd' },
        annotations: {
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        },
      },
      configMapGenerator: [
        { name: 'argocd-rbac-cm', files: ['policy.payments.csv'] },
      ],
    });
    expect(
      parseYaml(h.read('kubernetes/dev/teams/payments/kustomization.yaml')),
    ).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: ['Ada-L.yaml'],
    });
    // And they build, as Argo CD's kustomize will build them.
    const build = (dir: string) =>
      yamlObjects(
        execFileSync('kubectl', ['kustomize', path.join(h.workspace, dir)], {
          encoding: 'utf8',
        }),
      );
    expect(build('argocd')).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'argocd-rbac-cm',
          labels: { 'app.kubernetes.io/part-of': 'argocd' },
          annotations: {
            'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
          },
        },
        data: {
          'policy.payments.csv': h.read('argocd/policy.payments.csv'),
        },
      },
    ]);
    // No namespace: the access reconciler applies the team's folder in each
    // namespace of its services, where Argo CD gives it the destination's.
    expect(
      build('kubernetes/dev/teams/payments').map(
        (o: any) => `${o.kind} ${o.metadata.name} ${o.metadata.namespace}`,
      ),
    ).toEqual(['RoleBinding groundwork-persona-ada-l-edit undefined']);
    expect(h.files()).toEqual(output.files.sort());
    expect(output.filesToDelete).toEqual([]);
    expect(output.complete).toBe(true);
    expect(output.userEntityRef).toBe('user:default/Ada-L');
    expect(
      output.results
        .filter(r => r.system !== 'github')
        .every(r => r.status === 'added'),
    ).toBe(true);

    const user = parseYaml(h.read('catalog/users/Ada-L.yaml'));
    await expect(catalogPolicies.enforce(user)).resolves.toBeDefined();
    await expect(userEntityV1alpha1Validator.check(user)).resolves.toBe(true);
    expect(user.spec.memberOf).toEqual(['group:default/payments']);

    for (const file of output.files.filter(f => f.endsWith('.tf'))) {
      await expect(parseHcl(file, h.read(file))).resolves.toBeDefined();
    }
    const objects = output.files
      .filter(
        f => f.startsWith('kubernetes/') && !f.endsWith('/kustomization.yaml'),
      )
      .flatMap(f => yamlObjects(h.read(f)));
    expect(objects).toHaveLength(3);
    expect(await validateWithKubernetesModels(objects)).toEqual([]);
    expect(h.read('argocd/policy.payments.csv')).toContain(
      'g, ada@acme.dev, role:payments-developer-dev',
    );

    expect(output.summary).toContain(
      '## Onboarding: Ada Lovelace as Developer',
    );
    expect(output.summary).toContain(
      `| GitHub |  | organization ${ORG} (member) | ✉️ invited: invited as member |`,
    );
    expect(output.summary).toContain('| Approval | not required |');
    expect(output.summary).toContain('- `iam/aws/Ada-L.dev.tf`');

    // One audit event per grant.
    expect(h.events).toHaveLength(output.results.length);
    expect(
      h.events.every(
        e => e.eventId === 'persona-grant' && e.outcome === 'success',
      ),
    ).toBe(true);
    expect(h.events[0].meta).toMatchObject({
      persona: 'developer',
      person: 'ada@acme.dev',
      system: 'github',
      status: 'invited',
      initiator: 'user:default/mock',
    });
  });

  it('leaves a team the access reconciler manages to the merge: invited to the organization, the team untouched', async () => {
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: personaConfig({
        access: {
          repository: 'github.test?owner=acme&repo=access',
          github: { teams: ['payments-team'] },
        },
      }),
    });
    const { output, error } = await h.run('onboard', developer);
    expect(error).toBeUndefined();
    expect(output.results.filter(r => r.system === 'github')).toEqual([
      {
        system: 'github',
        target: `organization ${ORG} (member)`,
        status: 'invited',
        detail: 'invited as member',
      },
      {
        system: 'github',
        target: `team ${ORG}/payments-team (member)`,
        status: 'skipped',
        detail:
          'the access reconciler adds this membership once the access pull request merges (groundwork.persona.access.github.teams)',
      },
    ]);
    const org = h.standIn.state.org(ORG)!;
    expect(org.teams.get('payments-team')!.members.has('ada-l')).toBe(false);
    expect([...org.invitations.values()][0].teamIds).toEqual([]);
  });

  it('changes nothing the second time: every target unchanged', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    await h.run('onboard', developer);
    const before = h.files().map(f => [f, h.read(f)]);
    const writesBefore = writes(h.standIn).length;

    const { output, error } = await h.run('onboard', developer);
    expect(error).toBeUndefined();
    expect(output.results.map(r => r.status)).toEqual(
      output.results.map(() => 'unchanged'),
    );
    expect(output.files).toEqual([]);
    expect(writes(h.standIn)).toHaveLength(writesBefore);
    expect(h.files().map(f => [f, h.read(f)])).toEqual(before);

    // Still unchanged once the invitation is accepted.
    h.standIn.state.acceptInvitation(ORG, 'Ada-L');
    const third = await h.run('onboard', developer);
    expect(third.output.results.filter(r => r.system === 'github')).toEqual([
      expect.objectContaining({ status: 'unchanged', detail: 'member' }),
      expect.objectContaining({ status: 'unchanged', detail: 'member' }),
    ]);
    h.standIn.assertNoViolations();
  });

  it('adds an existing member to the team, and never demotes a maintainer', async () => {
    h = await createHarness({ workspace: mockDir.resolve('ws') });
    h.standIn.state.setOrgMember(ORG, 'Ada-L');
    h.standIn.state.addTeam(ORG, { name: 'payments' });
    // A member of platform onboards into platform: no approval needed.
    const byPlatform = { initiator: 'user:default/linus.torvalds' };
    let { output } = await h.run(
      'onboard',
      { ...developer, team: 'group:default/platform' },
      byPlatform,
    );
    expect(
      output.results.slice(0, 2).map(r => [r.target, r.status, r.detail]),
    ).toEqual([
      [`organization ${ORG} (member)`, 'unchanged', 'member'],
      [`team ${ORG}/platform (member)`, 'added', 'member'],
    ]);
    h.standIn.state.setTeamMember(ORG, 'platform', 'Ada-L', {
      role: 'maintainer',
    });
    ({ output } = await h.run(
      'onboard',
      { ...developer, team: 'group:default/platform' },
      byPlatform,
    ));
    expect(output.results[1]).toMatchObject({
      status: 'unchanged',
      detail: 'maintainer',
    });
    expect(
      h.standIn.state.org(ORG)!.teams.get('platform')!.members.get('ada-l')!
        .role,
    ).toBe('maintainer');
  });

  describe('approval by a second person', () => {
    const sre = { ...developer, persona: 'sre' };

    it('holds a privileged grant for approval: GitHub unchanged, a request made for the initiator', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      const { error, output } = await h.run('onboard', sre);
      expect(error).toBeUndefined();
      expect(output.approval).toEqual({
        required: true,
        reason: 'sre grants write access to prod, a production environment',
        state: 'requested',
        requestId: 'request-1',
        requestUrl: '/requests/request-1',
      });
      // Looked up, never changed.
      expect(writes(h.standIn)).toEqual([]);
      expect(h.requested).toEqual([
        {
          kind: 'access',
          reason: 'sre grants write access to prod, a production environment',
          payload: {
            person: ADA,
            persona: 'sre',
            team: 'group:default/payments',
            startDate: '2026-01-05',
            manager: 'user:default/grace.hopper',
          },
          taskId: expect.any(String),
          requestedBy: 'user:default/mock',
        },
      ]);
      expect(
        output.results
          .filter(r => r.system === 'github')
          .map(r => [r.target, r.status, r.detail]),
      ).toEqual([
        [
          `organization ${ORG} (member)`,
          'pending',
          'waits for approval: request request-1',
        ],
        [
          `team ${ORG}/payments-team (member)`,
          'pending',
          'waits for approval: request request-1',
        ],
      ]);
      // The files still go into the pull request for review.
      expect(output.files).toContain('catalog/users/Ada-L.yaml');
      expect(output.summary).toContain(
        'request [request-1](/requests/request-1) waits for a second person in the portal',
      );
      expect(output.summary).toContain('⏳ waits for approval');
      expect(
        h.events.filter(e => e.meta?.system === 'github').map(e => e.meta),
      ).toEqual([
        expect.objectContaining({ status: 'pending', requestId: 'request-1' }),
        expect.objectContaining({ status: 'pending', requestId: 'request-1' }),
      ]);
    });

    it('holds it-admin and ciso even without production write', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      for (const persona of ['it-admin', 'ciso']) {
        const { error, output } = await h.run('onboard', {
          ...developer,
          persona,
          environments: ['dev'],
        });
        expect(error).toBeUndefined();
        expect(output.approval.reason).toBe(
          `${persona} is a privileged persona`,
        );
      }
      expect(writes(h.standIn)).toEqual([]);
      expect(h.requested.map(r => r.payload.persona)).toEqual([
        'it-admin',
        'ciso',
      ]);
    });

    it('holds a team the initiator is not in, even for a plain developer', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      const { error, output } = await h.run('onboard', {
        ...developer,
        team: 'group:default/security',
      });
      expect(error).toBeUndefined();
      expect(output.approval.reason).toBe(
        'the person starting it is not a member of group:default/security, the team it adds them to',
      );
      expect(writes(h.standIn)).toEqual([]);
    });

    it('holds it for an approver too: nobody approves their own onboarding', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      const { error, output } = await h.run('onboard', sre, {
        initiator: 'user:default/radia.perlman',
      });
      expect(error).toBeUndefined();
      expect(output.approval.state).toBe('requested');
      expect(output.approval.reason).toBe(
        'sre grants write access to prod, a production environment; the person starting it is not a member of group:default/payments, the team it adds them to',
      );
      expect(h.requested[0].requestedBy).toBe('user:default/radia.perlman');
      expect(writes(h.standIn)).toEqual([]);
    });
  });

  describe('dry run', () => {
    it('shows per system what would be granted and calls nothing', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      const { output, error } = await h.run('onboard', developer, {
        dryRun: true,
      });
      expect(error).toBeUndefined();
      expect(h.standIn.calls).toEqual([]);
      expect(h.events).toEqual([]);
      expect(new Set(output.results.map(r => r.status))).toEqual(
        new Set(['planned']),
      );
      expect(new Set(output.results.map(r => r.system))).toEqual(
        new Set([
          'github',
          'catalog',
          'aws',
          'gcp',
          'azure',
          'kubernetes',
          'argocd',
        ]),
      );
      expect(output.summary).toContain('(dry run)');
      // The files are in the (throwaway) dry-run workspace, for the preview.
      expect(output.files).toHaveLength(13);
    });

    it('shows a privileged onboarding without asking for approval', async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
      const { output, error } = await h.run(
        'onboard',
        { ...developer, persona: 'ciso' },
        { dryRun: true },
      );
      expect(error).toBeUndefined();
      expect(output.approval).toEqual({
        required: true,
        reason: 'ciso is a privileged persona',
        state: 'not requested (dry run)',
      });
      expect(h.requested).toEqual([]);
      expect(output.summary).toContain(
        'required (ciso is a privileged persona); not requested (dry run)',
      );
    });
  });

  describe('bad input is refused before any change', () => {
    beforeEach(async () => {
      h = await createHarness({ workspace: mockDir.resolve('ws') });
    });

    const expectNothingChanged = () => {
      expect(writes(h.standIn)).toEqual([]);
      expect(h.files()).toEqual([]);
      expect(h.events).toEqual([]);
    };

    it.each([
      [
        { persona: 'intern' },
        'Unknown persona "intern"; valid personas are developer, sre, devops, it-admin, ciso.',
      ],
      [
        { person: { ...ADA, email: 'ada@' } },
        'person.email "ada@" is not an email address',
      ],
      [
        { person: { ...ADA, email: 'ada@acme.dev\ng, x, role:admin' } },
        'is not an email address',
      ],
      [
        { person: { ...ADA, githubLogin: '-ada-' } },
        'person.githubLogin "-ada-" is not a GitHub login',
      ],
      [{ person: { ...ADA, githubLogin: 'ada--l' } }, 'is not a GitHub login'],
      [{ person: { ...ADA, name: '' } }, 'person.name is required'],
      [
        { environments: ['dev', 'qa'] },
        'Unknown environment "qa"; configured environments are dev, staging, prod',
      ],
      [
        { team: 'group:default/nobody' },
        'team group:default/nobody is not a Group in the catalog',
      ],
      [
        { team: 'user:default/grace.hopper' },
        'team user:default/grace.hopper is not a Group in the catalog',
      ],
      [
        { manager: 'user:default/nobody' },
        'manager user:default/nobody is not a User in the catalog',
      ],
      [{ startDate: '2026-02-30' }, 'startDate "2026-02-30" is not a date'],
      [{ startDate: undefined }, 'startDate is required'],
      [
        { outputDir: '../elsewhere' },
        'Relative path is not allowed to refer to a directory outside its parent',
      ],
    ])('%j', async (change, message) => {
      const { error } = await h.run('onboard', { ...developer, ...change });
      expect(error?.message).toContain(message);
      expect(error?.name).toMatch(/InputError|NotAllowedError/);
      expectNothingChanged();
    });

    it('refuses a GitHub login GitHub does not know', async () => {
      const { error } = await h.run('onboard', {
        ...developer,
        person: { ...ADA, githubLogin: 'ada-not-here' },
      });
      expect(error).toBeInstanceOf(InputError);
      expect(error!.message).toBe(
        'GitHub has no user ada-not-here; check the login on https://github.com/ada-not-here and run the template again.',
      );
      expectNothingChanged();
    });

    it('refuses when a GitHub team of the persona does not exist', async () => {
      await h.stop();
      h = await createHarness({
        workspace: mockDir.resolve('ws'),
        persona: {
          ...personaConfig(),
          personas: {
            developer: {
              github: {
                teams: [
                  { slug: '{team}' },
                  { slug: 'engineering' },
                  { slug: 'guild-frontend' },
                ],
              },
            },
          },
        },
      });
      const { error } = await h.run('onboard', developer);
      expect(error).toBeInstanceOf(InputError);
      expect(error!.message).toBe(
        `The GitHub teams ${ORG}/engineering, ${ORG}/guild-frontend do not exist: create them, or fix the persona's github.teams or the Group's github.com/team-slug annotation.`,
      );
      expectNothingChanged();
    });
  });

  it('reports exactly what was done when the second of three teams fails, and converges on a re-run', async () => {
    // The first attempt and the client's three retries.
    let failures = 4;
    h = await createHarness({
      workspace: mockDir.resolve('ws'),
      persona: {
        ...personaConfig(),
        personas: {
          developer: {
            github: {
              teams: [
                { slug: '{team}' },
                { slug: 'security' },
                { slug: 'platform' },
              ],
            },
          },
        },
      },
      handlers: {
        'teams/add-or-update-membership-for-user-in-org': (request, state) => {
          if (request.pathParams.team_slug === 'security' && failures-- > 0) {
            return json(502, { message: 'Server Error' });
          }
          return peopleHandlers[
            'teams/add-or-update-membership-for-user-in-org'
          ](request, state);
        },
      },
    });
    const first = await h.run('onboard', developer);
    const github = (o: typeof first.output) =>
      o.results
        .filter(r => r.system === 'github')
        .map(r => [r.target, r.status]);
    expect(github(first.output)).toEqual([
      [`organization ${ORG} (member)`, 'invited'],
      [`team ${ORG}/payments-team (member)`, 'invited'],
      [`team ${ORG}/security (member)`, 'failed'],
      [`team ${ORG}/platform (member)`, 'invited'],
    ]);
    expect(first.output.results[2].detail).toBe('HTTP 502: Server Error');
    expect(first.output.complete).toBe(false);
    expect(first.output.summary).toContain(
      '**1 target failed.** Run the step again',
    );
    expect(first.error?.message).toMatch(
      /^persona:onboard did not finish for Ada-L\. Done \(\d+\): GitHub organization acme \(member\): invited, invited as member; GitHub team acme\/payments-team \(member\): invited, .*Not done \(1\): GitHub team acme\/security \(member\): failed, HTTP 502: Server Error\. Run the step again/,
    );
    expect(
      h.events.filter(e => e.outcome === 'fail').map(e => e.meta?.target),
    ).toEqual([`team ${ORG}/security (member)`]);

    const second = await h.run('onboard', developer);
    expect(second.error).toBeUndefined();
    expect(github(second.output)).toEqual([
      [`organization ${ORG} (member)`, 'unchanged'],
      [`team ${ORG}/payments-team (member)`, 'unchanged'],
      [`team ${ORG}/security (member)`, 'invited'],
      [`team ${ORG}/platform (member)`, 'unchanged'],
    ]);
    expect(
      second.output.results
        .filter(r => r.system !== 'github')
        .every(r => r.status === 'unchanged'),
    ).toBe(true);
    expect(
      h.standIn.state.org(ORG)!.teams.get('security')!.members.has('ada-l'),
    ).toBe(true);
  });
});
