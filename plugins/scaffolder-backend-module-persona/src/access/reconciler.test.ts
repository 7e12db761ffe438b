import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ArgoCdClient,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import { readGroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import {
  ArgoCdStandIn,
  createGitHubHostingStandIn,
  GitHubHostingStandIn,
  HcpStandIn,
  planFixturePath,
} from '@groundwork/stand-in-test-utils';
import { Octokit } from '@octokit/rest';
import { stringify } from 'yaml';
import { recordingAuditor } from '../__testUtils__/harness';
import { loadPersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { readAccessReconcileConfig } from './config';
import { AccessReconciler } from './reconciler';
import { AccessStore } from './store';

jest.setTimeout(120_000);

const TOKEN = 'ghs_access_reconciler';
const ARGOCD_TOKEN = 'argocd-token';
const HCP_TOKEN = 'hcp-token';
const ORG = 'acme';
const REPO = 'platform-access';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A User file as persona:onboard writes it. */
function userFile(login: string, team: string, persona = 'developer') {
  return stringify({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: login,
      namespace: 'default',
      annotations: {
        'github.com/user-login': login,
        'groundwork.dev/persona': persona,
      },
    },
    spec: {
      profile: { email: `${login.toLowerCase()}@acme.dev` },
      memberOf: [`group:default/${team}`],
    },
  });
}

const ADA_FILES = {
  'catalog/users/Ada-L.yaml': userFile('Ada-L', 'payments'),
  'iam/aws/Ada-L.tf': 'resource "aws_identitystore_user" "Ada-L" {}\n',
  'kubernetes/dev/Ada-L.yaml': 'kind: RoleBinding\n',
  'kubernetes/dev/kustomization.yaml': 'resources: [Ada-L.yaml]\n',
  'argocd/policy.payments.csv':
    'g, ada@acme.dev, role:payments-developer-dev\n',
  'argocd/kustomization.yaml': 'configMapGenerator: []\n',
};

describe.each(databases.eachSupportedId())('AccessReconciler on %s', id => {
  let github: GitHubHostingStandIn;
  let argocd: ArgoCdStandIn;
  let hcp: HcpStandIn;
  let store: AccessStore;
  let reconciler: AccessReconciler;
  let octokit: Octokit;
  let events: ReturnType<typeof recordingAuditor>['events'];
  let branches = 0;

  /** A pull request with `files` (null deletes), merged as a reviewer would. */
  async function mergeChange(files: Record<string, string | null>) {
    const branch = `change-${++branches}`;
    const repo = github.repos.requireRepo(ORG, REPO);
    repo.refs.set(`heads/${branch}`, repo.refs.get('heads/main')!);
    github.repos.push(ORG, REPO, branch, files, `change ${branches}`);
    const { data: pull } = await octokit.pulls.create({
      owner: ORG,
      repo: REPO,
      head: branch,
      base: 'main',
      title: `change ${branches}`,
    });
    return github.repos.mergePull(ORG, REPO, pull.number, { method: 'squash' });
  }

  const team = (slug: string) => github.state.org(ORG)!.teams.get(slug)!;

  beforeAll(async () => {
    github = await createGitHubHostingStandIn({ tokens: [TOKEN] }).start();
    github.state.addOrg({ login: ORG });
    github.state.addTeam(ORG, { name: 'payments' });
    github.state.addTeam(ORG, { name: 'platform' });
    for (const login of ['Ada-L', 'Mallory', 'jdoe-gh', 'Eve']) {
      github.state.addUser({ login, name: login });
      github.state.setOrgMember(ORG, login);
    }
    // Added by hand, in no file: never the reconciler's to remove.
    github.state.setTeamMember(ORG, 'payments', 'jdoe-gh');
    github.repos.addRepo({
      owner: ORG,
      name: REPO,
      files: { 'README.md': '# access\n' },
    });
    argocd = await new ArgoCdStandIn({
      tokens: [ARGOCD_TOKEN],
      // Argo CD refuses an Application whose destination is no registered cluster.
      clusters: [
        { name: 'in-cluster', server: 'https://kubernetes.default.svc' },
        { name: 'dev', server: 'https://dev.k8s.acme.dev' },
      ],
    }).start();
    hcp = await new HcpStandIn({
      token: HCP_TOKEN,
      planFile: planFixturePath('08-tfcompliance-mixed-actions-plan.json'),
    }).start();

    const integration = github.integrationConfig();
    const config = new ConfigReader({
      groundwork: {
        environments: [
          { name: 'dev', cloud: { provider: 'aws', account: '111111111111' } },
        ],
        persona: {
          github: { host: integration.host, organization: ORG },
          access: {
            repository: `${integration.host}?owner=${ORG}&repo=${REPO}`,
            github: { teams: ['payments'] },
            argocd: { destinations: { dev: 'https://dev.k8s.acme.dev' } },
            terraform: { vcs: { oauthTokenId: 'ot-access' } },
          },
        },
      },
      terraform: {
        hcp: { host: hcp.url, token: HCP_TOKEN, organization: 'acme' },
      },
      argocd: {
        instances: [{ name: 'main', url: argocd.url, token: ARGOCD_TOKEN }],
      },
    });
    const access = readAccessReconcileConfig(config)!;
    const environments = readGroundworkEnvironments(config).environments;
    store = await AccessStore.create({
      getClient: async () => databases.init(id),
    });
    octokit = new Octokit({ baseUrl: integration.apiBaseUrl, auth: TOKEN });
    const audit = recordingAuditor();
    events = audit.events;
    const instances = readArgoCdInstances(config);
    reconciler = new AccessReconciler({
      config: access,
      catalogue: loadPersonaCatalogue(config, environments),
      environments,
      organization: ORG,
      repositoryClient: async () => octokit,
      organizationClient: async () => octokit,
      teamSlugOf: async ref => ref.split('/').pop()!,
      argocd: {
        instances: ['main'],
        defaultInstance: 'main',
        client: name => new ArgoCdClient({ instance: instances.get(name) }),
        teamProject: (t, environment) => `${t}-${environment}`,
      },
      store,
      auditor: audit.auditor,
      logger: mockServices.logger.mock(),
    });
  });

  afterAll(async () => {
    await github?.stop();
    await argocd?.stop();
    await hcp?.stop();
  });
  afterEach(() => {
    github.assertNoViolations();
    argocd.assertNoViolations();
    if (hcp.api.violations.length > 0) {
      throw new Error(`HCP contract: ${hcp.api.violations.join('\n')}`);
    }
  });

  it('applies nothing before a pull request is merged', async () => {
    const report = await reconciler.run();
    expect(report.reviewedSha).toBeUndefined();
    expect(report.errors).toEqual([
      expect.stringContaining('came from a merged pull request'),
    ]);
    expect(argocd.applications()).toHaveLength(0);
    expect(hcp.workspaces.size).toBe(0);
  });

  it('after the onboarding pull request merges: the GitHub team membership, the access Applications and the IAM workspace', async () => {
    const merged = await mergeChange(ADA_FILES);
    const report = await reconciler.run();
    expect(report).toMatchObject({
      reviewedSha: merged.sha,
      unreviewed: [],
      errors: [],
      github: [{ team: 'payments', login: 'ada-l', status: 'added' }],
    });
    expect(report.argocd.map(a => `${a.kind} ${a.name}: ${a.status}`)).toEqual([
      'AppProject groundwork-access: ensured',
      'Application access-argocd-policy: ensured',
      'Application access-rbac-dev: ensured',
    ]);
    expect(team('payments').members.get('ada-l')).toMatchObject({
      role: 'member',
    });

    const apps = argocd
      .applications()
      .map(a => a.metadata.name)
      .sort();
    expect(apps).toEqual(['access-argocd-policy', 'access-rbac-dev']);
    const rbac = argocd
      .applications()
      .find(a => a.metadata.name === 'access-rbac-dev')!;
    expect(rbac.spec).toMatchObject({
      project: 'groundwork-access',
      source: {
        repoURL: `https://${
          github.integrationConfig().host
        }/${ORG}/${REPO}.git`,
        targetRevision: 'main',
        path: 'kubernetes/dev',
      },
      destination: { server: 'https://dev.k8s.acme.dev' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
    const policy = argocd
      .applications()
      .find(a => a.metadata.name === 'access-argocd-policy')!;
    expect(policy.spec).toMatchObject({
      source: { path: 'argocd' },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'argocd',
      },
      syncPolicy: { syncOptions: ['ServerSideApply=true'] },
    });

    const [workspace] = hcp.workspaces.values();
    expect(workspace).toMatchObject({
      name: 'access-iam-aws',
      attributes: {
        'working-directory': 'iam/aws',
        'auto-apply': true,
        'vcs-repo': {
          identifier: `${ORG}/${REPO}`,
          branch: 'main',
          'oauth-token-id': 'ot-access',
        },
      },
    });
    expect(hcp.runsOf('access-iam-aws')).toEqual([
      expect.objectContaining({
        attributes: expect.objectContaining({
          source: 'tfe-api',
          'auto-apply': true,
        }),
      }),
    ]);
    expect(await store.granted()).toEqual([
      expect.objectContaining({
        team: 'payments',
        login: 'ada-l',
        path: 'catalog/users/Ada-L.yaml',
        commitSha: merged.sha,
      }),
    ]);
    expect(events.at(-1)).toMatchObject({
      eventId: 'access-reconcile',
      outcome: 'success',
    });
  });

  it('a second run changes nothing', async () => {
    const workspaces = hcp.workspaces.size;
    const runs = hcp.runs.size;
    const report = await reconciler.run();
    expect(report.github).toEqual([
      expect.objectContaining({ login: 'ada-l', status: 'unchanged' }),
    ]);
    expect(report.terraform).toEqual([
      expect.objectContaining({ status: 'unchanged' }),
    ]);
    expect([hcp.workspaces.size, hcp.runs.size]).toEqual([workspaces, runs]);
  });

  it('does not act on a file pushed to main without a pull request, nor on a merge carrying it, until acknowledged', async () => {
    const before = (await store.lastRuns<any>(1))[0].reviewedSha;
    const pushed = github.repos.push(ORG, REPO, 'main', {
      'catalog/users/Mallory.yaml': userFile('Mallory', 'payments'),
    });
    let report = await reconciler.run();
    expect(report.unreviewed).toEqual([pushed.sha]);
    expect(report.reviewedSha).toBe(before);
    expect(team('payments').members.has('mallory')).toBe(false);
    expect(report.github.map(g => g.login)).toEqual(['ada-l']);

    // A reviewed merge on top would carry Mallory's file: nothing moves.
    const revert = await mergeChange({ 'catalog/users/Mallory.yaml': null });
    report = await reconciler.run();
    expect(report).toMatchObject({
      reviewedSha: before,
      blockedBy: pushed.sha,
    });
    expect(report.errors).toEqual([
      expect.stringContaining(`Commit ${pushed.sha}`),
    ]);
    expect(team('payments').members.has('mallory')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      eventId: 'access-reconcile',
      outcome: 'fail',
    });

    // Reverted through a pull request and acknowledged: on again.
    await store.acknowledge({
      sha: pushed.sha,
      by: 'user:default/admin',
      reason: 'break-glass push, reverted in a pull request',
    });
    report = await reconciler.run();
    expect(report).toMatchObject({
      reviewedSha: revert.sha,
      unreviewed: [],
      errors: [],
    });
    expect(team('payments').members.has('mallory')).toBe(false);
  });

  it('does not touch a team Groundwork does not manage, even from a reviewed file', async () => {
    await mergeChange({
      'catalog/users/Eve.yaml': userFile('Eve', 'platform'),
    });
    const report = await reconciler.run();
    expect(team('platform').members.has('eve')).toBe(false);
    expect(report.ignored).toContainEqual({
      path: 'catalog/users/Eve.yaml',
      reason:
        'team platform is not managed by Groundwork (groundwork.persona.access.github.teams)',
    });
    expect(report.github.map(g => g.login)).toEqual(['ada-l']);
  });

  it('after the offboarding pull request merges: the membership goes, the hand-added member stays', async () => {
    await mergeChange({
      'catalog/users/Ada-L.yaml': null,
      'iam/aws/Ada-L.tf': null,
      'kubernetes/dev/Ada-L.yaml': null,
      'argocd/policy.payments.csv': null,
    });
    const report = await reconciler.run();
    expect(report.github).toEqual([
      expect.objectContaining({
        team: 'payments',
        login: 'ada-l',
        status: 'removed',
      }),
    ]);
    expect(team('payments').members.has('ada-l')).toBe(false);
    expect(team('payments').members.has('jdoe-gh')).toBe(true);
    expect(await store.granted()).toEqual([]);
    // The Applications stay: the kustomizations left behind let them prune.
    expect(
      argocd
        .applications()
        .map(a => a.metadata.name)
        .sort(),
    ).toEqual(['access-argocd-policy', 'access-rbac-dev']);
    const [last] = await store.lastRuns<any>(1);
    expect(last).toMatchObject({ status: 'succeeded' });
  });

  it("applies a team folder in each namespace of the team's services, and follows its project", async () => {
    const project = (namespaces: string[]) => ({
      metadata: { name: 'payments-dev' },
      spec: {
        sourceRepos: [`https://github.com/${ORG}/*`],
        destinations: [
          ...namespaces.map(namespace => ({
            server: 'https://dev.k8s.acme.dev',
            namespace,
          })),
          // Another cluster's namespace and a glob bind nobody here.
          { server: 'https://kubernetes.default.svc', namespace: 'elsewhere' },
          { server: 'https://dev.k8s.acme.dev', namespace: 'payments-*' },
        ],
      },
    });
    const teamApps = () =>
      argocd
        .applications()
        .filter(a => a.metadata.labels?.['groundwork.dev/access-team'])
        .map(a => `${a.metadata.name} -> ${a.spec.destination.namespace}`)
        .sort();

    await mergeChange({
      'kubernetes/dev/teams/payments/Ada-L.yaml': 'kind: RoleBinding\n',
      'kubernetes/dev/teams/payments/kustomization.yaml':
        'resources: [Ada-L.yaml]\n',
    });
    // No service of the team in dev yet: no project, nothing to bind in.
    let report = await reconciler.run();
    expect(report.argocd).toContainEqual(
      expect.objectContaining({
        kind: 'AppProject',
        name: 'payments-dev',
        status: 'read',
        detail: 'no such project: team payments has no service in dev yet',
      }),
    );
    expect(teamApps()).toEqual([]);

    argocd.seedProject(project(['payments-api', 'ledger']));
    report = await reconciler.run();
    expect(report.errors).toEqual([]);
    expect(teamApps()).toEqual([
      'access-rbac-dev-payments-ledger -> ledger',
      'access-rbac-dev-payments-payments-api -> payments-api',
    ]);
    const app = argocd.application('access-rbac-dev-payments-payments-api')!;
    expect(app.spec).toMatchObject({
      project: 'groundwork-access',
      source: { path: 'kubernetes/dev/teams/payments', targetRevision: 'main' },
      destination: {
        server: 'https://dev.k8s.acme.dev',
        namespace: 'payments-api',
      },
      syncPolicy: { automated: { prune: true }, retry: { limit: 10 } },
    });
    // The access project lets exactly these namespaces be reached.
    expect(argocd.project('groundwork-access')!.spec.destinations).toEqual(
      expect.arrayContaining([
        { server: 'https://dev.k8s.acme.dev', namespace: 'ledger' },
        { server: 'https://dev.k8s.acme.dev', namespace: 'payments-api' },
      ]),
    );

    // ledger moves to another team: the payments team's bindings there go.
    argocd.seedProject(project(['payments-api']));
    report = await reconciler.run();
    expect(report.argocd).toContainEqual(
      expect.objectContaining({
        name: 'access-rbac-dev-payments-ledger',
        status: 'deleted',
      }),
    );
    expect(teamApps()).toEqual([
      'access-rbac-dev-payments-payments-api -> payments-api',
    ]);

    // A project Argo CD will not show is no reason to delete anything.
    argocd.deny({
      resource: 'projects',
      action: 'get',
      object: 'payments-dev',
    });
    report = await reconciler.run();
    expect(report.argocd).toContainEqual(
      expect.objectContaining({ name: 'payments-dev', status: 'failed' }),
    );
    expect(teamApps()).toEqual([
      'access-rbac-dev-payments-payments-api -> payments-api',
    ]);
  });
});
