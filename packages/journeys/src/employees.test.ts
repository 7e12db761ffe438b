import request from 'supertest';
import yaml from 'yaml';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Portal, startPortal } from './__testUtils__/portal';
import {
  asUser,
  catalogEntity,
  FinishedTask,
  runTemplate,
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
 * proposes exactly those deletions.
 */

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
      portal = await startPortal({ databases, databaseId });
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

    it('invites them to the GitHub organization with the team membership waiting on acceptance', () => {
      const org = portal.github.state.org('acme')!;
      const team = org.teams.get('payments')!;
      expect([...org.invitations.values()]).toEqual([
        expect.objectContaining({
          login: 'ada-l',
          role: 'direct_member',
          teamIds: [team.id],
        }),
      ]);
      expect(org.members.get('ada-l')).toEqual({
        role: 'member',
        state: 'pending',
      });
      expect(team.members.get('ada-l')?.state).toBe('pending');
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
        'argocd/default/policy.payments.csv',
        'catalog/users/Ada-L.yaml',
        'iam/aws/Ada-L.dev.tf',
        'iam/aws/Ada-L.staging.tf',
        'iam/aws/Ada-L.tf',
        'kubernetes/dev/Ada-L.yaml',
        'kubernetes/staging/Ada-L.yaml',
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

    it('puts the User in the catalog once the pull request is merged', async () => {
      portal.github.repos.mergePull('acme', 'platform-access', 1, {
        method: 'squash',
      });
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

      it('removes the team membership on GitHub, keeping the organization membership as configured', () => {
        const org = portal.github.state.org('acme')!;
        expect(org.teams.get('payments')!.members.has('ada-l')).toBe(false);
        expect([...org.invitations.values()]).toEqual([
          expect.objectContaining({ login: 'ada-l', teamIds: [] }),
        ]);
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
        expect(
          Object.keys(
            portal.github.repos.files('acme', 'platform-access', pr.head),
          ),
        ).toEqual(['README.md']);
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
    });
  },
);
