import request from 'supertest';
import yaml from 'yaml';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  GITHUB_TOKEN,
  HCP_TOKEN,
  Portal,
  startPortal,
} from './__testUtils__/portal';
import {
  asUser,
  catalogEntity,
  FinishedTask,
  runTemplate,
  until,
} from './__testUtils__/tasks';

jest.setTimeout(300_000);

/**
 * employee-onboarding as a manager's request runs from the Create page:
 * persona:onboard invites the person to the GitHub organization and team
 * (the GitHub stand-in), writes their catalog User, IAM Terraform,
 * Kubernetes RBAC and Argo CD policy for review; publish:github:pull-request
 * opens the access pull request; catalog:register registers the User file
 * (read once the pull request is merged); notification:send tells the
 * manager and the team through the real notifications backend. Then
 * employee-offboarding of the same person, read back from the catalog:
 * persona:offboard removes the team membership and deletes their files from
 * a checkout of the access repository, and the removal pull request
 * proposes exactly those deletions. Once each pull request merges, the
 * access reconciler (on the backend's scheduler) makes the merged files
 * true: the managed GitHub team's memberships, the Argo CD Applications
 * that sync the RBAC and Argo CD policy, and the HCP Terraform workspace
 * that applies the IAM on every merge; a file pushed without a pull
 * request is never applied.
 */

const ORG_NAME = 'acme';
const ACCESS_REPO = 'platform-access';
const ADMIN = 'user:default/jdoe';

/** Asks the reconciler to run now, and waits for that run's report. */
async function reconcileNow(portal: Portal) {
  const before = await request(portal.server)
    .get('/api/scaffolder/groundwork/access/reconciliations?limit=1')
    .set(asUser(ADMIN));
  expect(before.status).toBe(200);
  const lastId: number = before.body.items[0]?.id ?? 0;
  const triggered = await request(portal.server)
    .post('/api/scaffolder/groundwork/access/reconcile')
    .set(asUser(ADMIN));
  expect(triggered.status).toBe(202);
  return until(
    'the access reconciler to run',
    async () => {
      const res = await request(portal.server)
        .get('/api/scaffolder/groundwork/access/reconciliations?limit=1')
        .set(asUser(ADMIN));
      const [run] = res.body.items;
      return run && run.id > lastId ? run : undefined;
    },
    30_000,
  );
}

/**
 * A reviewer merges the pull request; GitHub's push webhook tells HCP
 * Terraform, which runs every workspace connected to the repository whose
 * working directory the merge changed.
 */
function mergeAndNotify(portal: Portal, number: number) {
  const before = portal.github.repos.files(ORG_NAME, ACCESS_REPO, 'main');
  const merged = portal.github.repos.mergePull(ORG_NAME, ACCESS_REPO, number, {
    method: 'squash',
  });
  const after = portal.github.repos.files(ORG_NAME, ACCESS_REPO, 'main');
  const changedFiles = [
    ...new Set([...Object.keys(before), ...Object.keys(after)]),
  ].filter(f => before[f] !== after[f]);
  const runs = portal.hcp!.receiveVcsPush({
    identifier: `${ORG_NAME}/${ACCESS_REPO}`,
    branch: 'main',
    sha: merged.sha,
    changedFiles,
  });
  return { sha: merged.sha, runs, changedFiles };
}

/** Polls an HCP Terraform run as a person watching it would, until it settles. */
async function settle(portal: Portal, runId: string) {
  return until(
    `HCP Terraform run ${runId} to finish`,
    async () => {
      const res = await fetch(`${portal.hcp!.url}/api/v2/runs/${runId}`, {
        headers: { authorization: `Bearer ${HCP_TOKEN}` },
      });
      const status = (await res.json()).data.attributes.status;
      return ['applied', 'errored', 'planned'].includes(status)
        ? status
        : undefined;
    },
    10_000,
  );
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const FORM = {
  name: 'Ada Lovelace',
  email: 'ada@acme.dev',
  githubLogin: 'Ada-L',
  startDate: '2026-12-01',
  manager: 'user:default/maria',
  team: 'group:default/payments',
  environments: ['dev', 'staging'],
  persona: 'developer',
  accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
};

describe.each(databases.eachSupportedId())(
  'employee-onboarding on %s',
  databaseId => {
    let portal: Portal;
    let task: FinishedTask;

    beforeAll(async () => {
      portal = await startPortal({ databases, databaseId, access: true });
      // The payments team runs ledger-api in dev: its project there, as
      // new-service leaves it (newService.test.ts), lists the namespace.
      portal.argocd.seedProject({
        metadata: { name: 'payments-dev' },
        spec: {
          sourceRepos: ['https://github.com/acme/ledger-api.git'],
          destinations: [{ name: 'platform-dev', namespace: 'ledger-api' }],
          clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        },
      });
      task = await runTemplate(portal.server, 'employee-onboarding', FORM);
    });
    afterAll(() => portal?.stop());
    afterEach(() => portal.assertNoViolations());

    it('completes every step; the output links the pull request and the User, with what was granted', () => {
      expect([task.status, task.error]).toEqual(['completed', undefined]);
      expect(task.steps).toEqual({
        'fetch-access': 'completed',
        onboard: 'completed',
        'pull-request': 'completed',
        register: 'completed',
        notify: 'completed',
      });
      expect(task.output.links).toEqual([
        {
          title: 'Access pull request',
          url: 'https://github.com/acme/platform-access/pull/1',
        },
        {
          title: 'Their catalog page (after merge)',
          icon: 'user',
          entityRef: 'user:default/Ada-L',
        },
      ]);
      const summary = task.output.text[0].content as string;
      expect(summary).toContain('## Onboarding: Ada Lovelace as Developer');
      expect(summary).toContain('dev: write, staging: write');
    });

    it('invites them to the GitHub organization; the payments team, which the access reconciler manages, waits for the merge', () => {
      const org = portal.github.state.org('acme')!;
      const team = org.teams.get('payments')!;
      expect([...org.invitations.values()]).toEqual([
        expect.objectContaining({
          login: 'ada-l',
          role: 'direct_member',
          teamIds: [],
        }),
      ]);
      expect(org.members.get('ada-l')).toEqual({
        role: 'member',
        state: 'pending',
      });
      expect(team.members.has('ada-l')).toBe(false);
      expect(task.log).toContain(
        'info: GitHub team acme/payments (member): skipped (the access reconciler adds this membership once the access pull request merges (groundwork.persona.access.github.teams))',
      );
    });

    it('opens the access pull request with the User, IAM, RBAC and Argo CD files, main untouched', () => {
      const [pr] = portal.github.repos.pulls('acme', 'platform-access');
      expect(pr).toMatchObject({
        number: 1,
        title: 'Onboard Ada Lovelace (developer, payments)',
        head: 'onboard/ada-l',
        base: 'main',
        state: 'open',
        body: task.output.text[0].content,
      });
      const files = portal.github.repos.files(
        'acme',
        'platform-access',
        'onboard/ada-l',
      );
      expect(Object.keys(files).sort()).toEqual([
        'README.md',
        'argocd/default/kustomization.yaml',
        'argocd/default/policy.payments.csv',
        'catalog/users/Ada-L.yaml',
        'iam/aws/Ada-L.dev.tf',
        'iam/aws/Ada-L.staging.tf',
        'iam/aws/Ada-L.tf',
        'kubernetes/dev/teams/payments/Ada-L.yaml',
        'kubernetes/dev/teams/payments/kustomization.yaml',
        'kubernetes/staging/teams/payments/Ada-L.yaml',
        'kubernetes/staging/teams/payments/kustomization.yaml',
      ]);
      const user = yaml.parse(files['catalog/users/Ada-L.yaml']);
      expect(user).toMatchObject({
        kind: 'User',
        metadata: {
          name: 'Ada-L',
          annotations: {
            'github.com/user-login': 'Ada-L',
            'groundwork.dev/persona': 'developer',
            'groundwork.dev/manager': 'user:default/maria',
          },
        },
        spec: {
          profile: { displayName: 'Ada Lovelace', email: 'ada@acme.dev' },
          memberOf: ['group:default/payments'],
        },
      });
      expect(files['argocd/default/policy.payments.csv']).toContain(
        'p, role:payments-developer-dev, applications, sync, payments-dev/*, allow',
      );
      expect(
        Object.keys(
          portal.github.repos.files('acme', 'platform-access', 'main'),
        ),
      ).toEqual(['README.md']);
    });

    it('tells the manager and the team through notifications', async () => {
      for (const recipient of ['user:default/maria', 'user:default/jdoe']) {
        const res = await request(portal.server)
          .get('/api/notifications/notifications')
          .set(asUser(recipient));
        expect(res.status).toBe(200);
        expect(
          res.body.notifications.filter(
            (n: any) => n.payload.topic === 'onboarding',
          ),
        ).toEqual([
          expect.objectContaining({
            user: recipient,
            origin: 'plugin:scaffolder',
            payload: expect.objectContaining({
              title: 'Ada Lovelace starts on 2026-12-01',
              description:
                'Access as developer in dev, staging is ready for review.',
              link: 'https://github.com/acme/platform-access/pull/1',
              topic: 'onboarding',
            }),
          }),
        ]);
      }
    });

    let onboardingMerge: ReturnType<typeof mergeAndNotify>;

    it('puts the User in the catalog once the pull request is merged', async () => {
      onboardingMerge = mergeAndNotify(portal, 1);
      // No IAM workspace is connected yet: the push starts nothing.
      expect(onboardingMerge.runs).toEqual([]);
      // catalog:register added the location; refresh it instead of waiting
      // for the next processing cycle.
      const locations = await request(portal.server)
        .get('/api/catalog/locations')
        .set(asUser());
      const location = (locations.body as any[])
        .map(l => l.data)
        .find(
          l =>
            l.target ===
            'https://github.com/acme/platform-access/blob/main/catalog/users/Ada-L.yaml',
        );
      expect(location).toMatchObject({ type: 'url' });
      const refreshed = await request(portal.server)
        .post('/api/catalog/refresh')
        .set(asUser())
        .send({ entityRef: location.entityRef });
      expect(refreshed.status).toBe(200);
      const user = await catalogEntity(portal.server, 'user:default/Ada-L');
      expect(user.spec).toMatchObject({
        profile: { displayName: 'Ada Lovelace', email: 'ada@acme.dev' },
        memberOf: ['group:default/payments'],
      });
      expect(user.relations).toContainEqual({
        type: 'memberOf',
        targetRef: 'group:default/payments',
      });
    });

    it('applies the merged access files: the team membership converges, the access Applications and the IAM workspace exist', async () => {
      const team = portal.github.state.org(ORG_NAME)!.teams.get('payments')!;
      const run = await reconcileNow(portal);
      expect(run).toMatchObject({
        status: 'succeeded',
        reviewedSha: onboardingMerge.sha,
        report: { pullNumber: 1, unreviewed: [], errors: [], ignored: [] },
      });
      expect(run.report.github).toEqual([
        expect.objectContaining({
          team: 'payments',
          login: 'ada-l',
          role: 'member',
          status: 'invited',
        }),
      ]);
      // Pending, like the organization invitation it now rides on.
      expect(team.members.get('ada-l')).toEqual({
        role: 'member',
        state: 'pending',
      });
      expect(
        [...portal.github.state.org(ORG_NAME)!.invitations.values()][0].teamIds,
      ).toEqual([team.id]);

      // Kubernetes RBAC and the Argo CD policy: Applications the access
      // repository owns. The developer's bindings go in each namespace of
      // the team's services: ledger-api in dev; nothing in staging, where
      // the team runs nothing yet.
      const apps = portal.argocd.applications();
      expect(apps.map(a => a.metadata.name).sort()).toEqual([
        'access-argocd-policy',
        'access-rbac-dev-payments-ledger-api',
      ]);
      expect(
        apps.find(
          a => a.metadata.name === 'access-rbac-dev-payments-ledger-api',
        )!.spec,
      ).toMatchObject({
        project: 'groundwork-access',
        source: { path: 'kubernetes/dev/teams/payments' },
        destination: { name: 'platform-dev', namespace: 'ledger-api' },
      });
      expect(
        apps.find(a => a.metadata.name === 'access-argocd-policy')!.spec,
      ).toMatchObject({
        project: 'groundwork-access',
        source: {
          repoURL: 'https://github.com/acme/platform-access.git',
          path: 'argocd/default',
          targetRevision: 'main',
        },
        destination: { namespace: 'argocd' },
        syncPolicy: {
          automated: { prune: true },
          syncOptions: ['ServerSideApply=true'],
        },
      });
      expect(portal.argocdProd.applications()).toEqual([]);

      // IAM: an HCP Terraform workspace connected to the repository, with
      // its first run applied.
      const [workspace] = portal.hcp!.workspaces.values();
      expect(workspace).toMatchObject({
        name: 'access-iam-aws',
        attributes: {
          'working-directory': 'iam/aws',
          'auto-apply': true,
          'vcs-repo': {
            identifier: 'acme/platform-access',
            branch: 'main',
            'oauth-token-id': 'ot-platform-access',
          },
        },
      });
      const [first] = portal.hcp!.runsOf('access-iam-aws');
      expect(first.attributes.source).toBe('tfe-api');
      expect(await settle(portal, first.id)).toBe('applied');
    });

    describe('then employee-offboarding of the same person', () => {
      let off: FinishedTask;
      beforeAll(async () => {
        off = await runTemplate(portal.server, 'employee-offboarding', {
          user: 'user:default/Ada-L',
          lastDay: '2026-12-31',
          reason: 'left',
          accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
        });
      });

      it('completes every step, reading the person from the catalog', () => {
        expect([off.status, off.error]).toEqual(['completed', undefined]);
        expect(off.steps).toEqual({
          user: 'completed',
          'fetch-access': 'completed',
          offboard: 'completed',
          'pull-request': 'completed',
          notify: 'completed',
        });
        expect(off.output.links).toEqual([
          {
            title: 'Removal pull request',
            url: 'https://github.com/acme/platform-access/pull/2',
          },
        ]);
        expect(off.output.text[0].content).toContain(
          '## Offboarding: Ada Lovelace as Developer',
        );
      });

      it('leaves the team membership to the merge, and keeps the organization membership as configured', () => {
        const org = portal.github.state.org('acme')!;
        expect(org.teams.get('payments')!.members.has('ada-l')).toBe(true);
        expect(off.log).toContain(
          'info: GitHub team acme/payments (member): skipped (the access reconciler removes this membership once the access pull request merges (groundwork.persona.access.github.teams))',
        );
        expect(off.log).toContain(
          'info: GitHub organization acme (member): skipped (kept: groundwork.persona.github.removeFromOrganization is false)',
        );
      });

      it('opens the removal pull request deleting every file onboarding added', () => {
        const pr = portal.github.repos
          .pulls('acme', 'platform-access')
          .find(p => p.number === 2)!;
        expect(pr).toMatchObject({
          title: 'Offboard Ada-L (left, last day 2026-12-31)',
          head: 'offboard/Ada-L',
          base: 'main',
          state: 'open',
          body: off.output.text[0].content,
        });
        // The kustomizations stay, empty, so the Applications prune.
        expect(
          Object.keys(
            portal.github.repos.files('acme', 'platform-access', pr.head),
          ).sort(),
        ).toEqual([
          'README.md',
          'argocd/default/kustomization.yaml',
          'kubernetes/dev/teams/payments/kustomization.yaml',
          'kubernetes/staging/teams/payments/kustomization.yaml',
        ]);
        // Until the review, main keeps them.
        expect(
          Object.keys(
            portal.github.repos.files('acme', 'platform-access', 'main'),
          ),
        ).toContain('catalog/users/Ada-L.yaml');
      });

      it('tells the team', async () => {
        const res = await request(portal.server)
          .get('/api/notifications/notifications')
          .set(asUser('user:default/jdoe'));
        expect(res.body.notifications).toContainEqual(
          expect.objectContaining({
            payload: expect.objectContaining({
              title: 'Ada-L is being offboarded',
              link: 'https://github.com/acme/platform-access/pull/2',
              topic: 'offboarding',
              severity: 'normal',
            }),
          }),
        );
      });

      it('once the removal pull request merges, the same path in reverse: the membership removed, IAM applied again, RBAC and policy pruned', async () => {
        const merge = mergeAndNotify(portal, 2);
        expect(merge.changedFiles).toContain('iam/aws/Ada-L.tf');
        // HCP Terraform runs the IAM folder the merge changed.
        expect(merge.runs).toEqual([
          expect.objectContaining({
            attributes: expect.objectContaining({
              source: 'tfe-configuration-version',
              'auto-apply': true,
            }),
          }),
        ]);
        expect(await settle(portal, merge.runs[0].id)).toBe('applied');

        const run = await reconcileNow(portal);
        expect(run).toMatchObject({
          status: 'succeeded',
          reviewedSha: merge.sha,
        });
        expect(run.report.github).toEqual([
          expect.objectContaining({
            team: 'payments',
            login: 'ada-l',
            status: 'removed',
          }),
        ]);
        const team = portal.github.state.org(ORG_NAME)!.teams.get('payments')!;
        expect(team.members.has('ada-l')).toBe(false);
        // jdoe was never the reconciler's to remove.
        expect(team.members.has('jdoe-gh')).toBe(true);
        // What the Applications now sync: no binding, no policy key.
        const main = portal.github.repos.files(ORG_NAME, ACCESS_REPO, 'main');
        expect(
          yaml.parse(main['kubernetes/dev/teams/payments/kustomization.yaml']),
        ).toMatchObject({ resources: [] });
        expect(
          yaml.parse(main['argocd/default/kustomization.yaml']),
        ).toMatchObject({
          configMapGenerator: [{ name: 'argocd-rbac-cm', files: [] }],
        });
      });

      it('never applies a file pushed to main without a pull request, nor a merge carrying it, until an administrator acknowledges it', async () => {
        portal.github.state.addUser({ login: 'Mallory', name: 'Mallory' });
        portal.github.state.setOrgMember(ORG_NAME, 'Mallory');
        const pushed = portal.github.repos.push(ORG_NAME, ACCESS_REPO, 'main', {
          'catalog/users/Mallory.yaml': yaml.stringify({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: {
              name: 'Mallory',
              annotations: {
                'github.com/user-login': 'Mallory',
                'groundwork.dev/persona': 'developer',
              },
            },
            spec: { memberOf: ['group:default/payments'] },
          }),
        });
        const team = portal.github.state.org(ORG_NAME)!.teams.get('payments')!;
        let run = await reconcileNow(portal);
        expect(run.report.unreviewed).toEqual([pushed.sha]);
        expect(team.members.has('mallory')).toBe(false);

        // Reverted through a pull request: the merge would carry the push,
        // so nothing moves until an administrator has looked.
        const repo = portal.github.repos.requireRepo(ORG_NAME, ACCESS_REPO);
        repo.refs.set('heads/revert-mallory', repo.refs.get('heads/main')!);
        portal.github.repos.push(ORG_NAME, ACCESS_REPO, 'revert-mallory', {
          'catalog/users/Mallory.yaml': null,
        });
        const opened = await fetch(
          `${
            portal.github.integrationConfig().apiBaseUrl
          }/repos/${ORG_NAME}/${ACCESS_REPO}/pulls`,
          {
            method: 'POST',
            headers: {
              authorization: `token ${GITHUB_TOKEN}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              title: 'Revert an unreviewed push',
              head: 'revert-mallory',
              base: 'main',
            }),
          },
        );
        const { number } = await opened.json();
        const revert = mergeAndNotify(portal, number);
        run = await reconcileNow(portal);
        expect(run).toMatchObject({
          status: 'failed',
          reviewedSha: portal.github.repos
            .pulls(ORG_NAME, ACCESS_REPO)
            .find(p => p.number === 2)!.mergeCommitSha,
          report: { blockedBy: pushed.sha },
        });
        expect(team.members.has('mallory')).toBe(false);

        const ack = await request(portal.server)
          .post('/api/scaffolder/groundwork/access/acknowledgements')
          .set(asUser(ADMIN))
          .send({
            sha: pushed.sha,
            reason: 'break-glass push, reverted in #3',
          });
        expect(ack.status).toBe(201);
        run = await reconcileNow(portal);
        expect(run).toMatchObject({
          status: 'succeeded',
          reviewedSha: revert.sha,
          report: { unreviewed: [], errors: [] },
        });
        expect(team.members.has('mallory')).toBe(false);
      });
    });
  },
);
