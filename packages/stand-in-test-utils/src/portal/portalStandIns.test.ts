import path from 'node:path';
import { PortalStandIns, repositoryRoot } from './portalStandIns';

jest.setTimeout(60_000);

/** What Kyverno writes about a Deployment in dev (one result; Kyverno v1.16.4's shape). */
const REPORT = {
  apiVersion: 'wgpolicyk8s.io/v1alpha2',
  kind: 'PolicyReport',
  metadata: { name: 'deployment-invoice-api', namespace: 'invoice-api' },
  scope: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'invoice-api',
    namespace: 'invoice-api',
  },
  summary: { pass: 0, fail: 1, warn: 0, error: 0, skip: 0 },
  results: [
    {
      policy: 'restrict-image-registries',
      rule: 'image-registries',
      result: 'fail',
      severity: 'high',
      source: 'kyverno',
      scored: true,
      timestamp: { seconds: 1796000000, nanos: 0 },
    },
  ],
};

describe('PortalStandIns', () => {
  let standIns: PortalStandIns;
  let overlay: any;
  const root = repositoryRoot();

  beforeAll(async () => {
    standIns = await PortalStandIns.start({
      orgFile: path.join(root, 'examples/org.yaml'),
      planFile: path.join(root, 'examples/plans/payments-api/dev.tfplan.json'),
      policyReports: [REPORT],
    });
    overlay = standIns.overlay();
  });
  afterAll(() => standIns?.stop());

  const github = (p: string) =>
    fetch(`${overlay.integrations.github[0].apiBaseUrl}${p}`, {
      headers: {
        authorization: `token ${overlay.integrations.github[0].token}`,
      },
    });

  it('seeds the demo teams and their people in the GitHub organisation', async () => {
    const teams = await (await github('/orgs/groundwork-demo/teams')).json();
    expect(teams.map((t: any) => t.slug).sort()).toEqual([
      'growth',
      'payments',
      'platform',
      'security',
    ]);
    const members = await (
      await github('/orgs/groundwork-demo/teams/platform/members')
    ).json();
    expect(members.map((m: any) => m.login).sort()).toEqual([
      'ada-lovelace',
      'grace-hopper',
    ]);
    // Newcomers have accounts but are not members yet: onboarding invites them.
    expect((await github('/users/mae-jemison')).status).toBe(200);
    expect(
      (await github('/orgs/groundwork-demo/members/mae-jemison')).status,
    ).toBe(404);
    expect(
      (await github('/repos/groundwork-demo/platform-access')).status,
    ).toBe(200);
  });

  it('writes an overlay with the documented keys pointing at the running stand-ins', async () => {
    expect(Object.keys(overlay).sort()).toEqual([
      'argocd',
      'auth',
      'groundwork',
      'integrations',
      'platformStatus',
      'terraform',
    ]);
    const argo = await fetch(
      `${overlay.argocd.instances[0].url}/api/v1/applications`,
      {
        headers: {
          authorization: `Bearer ${overlay.argocd.instances[0].token}`,
        },
      },
    );
    expect(argo.status).toBe(200);
    expect(overlay.terraform.binary).toBe(standIns.terraform.binary);
    expect(Object.keys(overlay.terraform.environments)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(overlay.groundwork.persona.github.organization).toBe(
      'groundwork-demo',
    );
  });

  it('configures GitHub sign-in against the stand-in, beside the guest', () => {
    expect(overlay.auth.providers.github.development).toEqual({
      clientId: standIns.signIn.clientId,
      clientSecret: standIns.signIn.clientSecret,
      enterpriseInstanceUrl: standIns.github.url,
      signIn: {
        resolvers: [{ resolver: 'emailMatchingUserEntityProfileEmail' }],
      },
    });
    expect(overlay.groundwork.signIn.providers).toEqual(['guest', 'github']);
    // A loopback callback: the portal's back end may listen on any local port.
    expect(standIns.signIn.callbackUrl).toBe(
      'http://localhost/api/auth/github/handler/frame',
    );
    // The guest is Backstage's own identity, not a GitHub account.
    expect(standIns.github.state.user('guest')).toBeUndefined();
    expect(standIns.github.state.user('alan-turing')?.email).toBe(
      'alan.turing@example.com',
    );
  });

  it("serves the seeded policy reports from dev's API to the reader token, and 403 from staging's, whose ServiceAccount has no binding", async () => {
    const clusters = overlay.platformStatus.policyReports.clusters;
    expect(clusters.map((c: any) => [c.name, c.environment])).toEqual([
      ['platform-dev', 'dev'],
      ['platform-staging', 'staging'],
    ]);
    const list = (c: any) =>
      fetch(`${c.url}/apis/wgpolicyk8s.io/v1alpha2/policyreports?limit=100`, {
        headers: { authorization: `Bearer ${c.serviceAccountToken}` },
      });
    const dev = await list(clusters[0]);
    expect(dev.status).toBe(200);
    const body = await dev.json();
    expect(body.kind).toBe('PolicyReportList');
    expect(body.items.map((r: any) => r.metadata.namespace)).toEqual([
      'invoice-api',
    ]);
    expect(body.items[0].results[0].policy).toBe('restrict-image-registries');
    const staging = await list(clusters[1]);
    expect(staging.status).toBe(403);
    expect((await staging.json()).message).toBe(
      'policyreports.wgpolicyk8s.io is forbidden: User "system:serviceaccount:kyverno:groundwork-policy-report-reader" cannot list resource "policyreports" in API group "wgpolicyk8s.io" at the cluster scope',
    );
    // One cluster's token is nobody on the other.
    const crossed = await list({ ...clusters[1], url: clusters[0].url });
    expect(crossed.status).toBe(401);
  });

  it('refuses a policy report its CRD would refuse, before starting anything', async () => {
    await expect(
      PortalStandIns.start({
        orgFile: path.join(root, 'examples/org.yaml'),
        planFile: path.join(
          root,
          'examples/plans/payments-api/dev.tfplan.json',
        ),
        policyReports: [
          { ...REPORT, results: [{ ...REPORT.results[0], result: 'broken' }] },
        ],
      }),
    ).rejects.toThrow(/would refuse this PolicyReport/);
    await expect(
      PortalStandIns.start({
        orgFile: path.join(root, 'examples/org.yaml'),
        planFile: path.join(
          root,
          'examples/plans/payments-api/dev.tfplan.json',
        ),
        policyReports: [{ ...REPORT, kind: 'Deployment' }],
      }),
    ).rejects.toThrow(/PolicyReport or ClusterPolicyReport/);
  });

  it('reports the calls it received, without their headers', () => {
    const report = standIns.report();
    const ops = report.github.calls.map(c => c.operationId);
    expect(ops).toContain('teams/list');
    expect(JSON.stringify(report)).not.toContain(
      overlay.integrations.github[0].token,
    );
    expect(report.github.violations).toEqual([]);
    expect(report.argocd.violations).toEqual([]);
    for (const c of overlay.platformStatus.policyReports.clusters) {
      expect(JSON.stringify(report)).not.toContain(c.serviceAccountToken);
    }
    expect(
      report.kubernetes['platform-staging'].calls.map(c => c.status),
    ).toContain(403);
  });

  // After the report check: GitHub's description documents no 401 here, so the stand-in notes one.
  it('refuses callers without the overlay token', async () => {
    const res = await fetch(
      `${overlay.integrations.github[0].apiBaseUrl}/orgs/groundwork-demo/teams`,
    );
    expect(res.status).toBe(401);
    const argo = await fetch(
      `${overlay.argocd.instances[0].url}/api/v1/applications`,
    );
    expect(argo.status).toBe(401);
  });

  it('registers the callback of the back end it is told about, and refuses a back end URL that is not one', async () => {
    const planFile = path.join(
      root,
      'examples/plans/payments-api/dev.tfplan.json',
    );
    const orgFile = path.join(root, 'examples/org.yaml');
    const other = await PortalStandIns.start({
      orgFile,
      planFile,
      backendUrl: 'https://portal.acme.dev/',
    });
    try {
      expect(other.signIn.callbackUrl).toBe(
        'https://portal.acme.dev/api/auth/github/handler/frame',
      );
    } finally {
      await other.stop();
    }
    await expect(
      PortalStandIns.start({ orgFile, planFile, backendUrl: 'localhost:7007' }),
    ).rejects.toThrow(/--backend-url/);
  });

  it('says what to pass when the organisation file is missing', async () => {
    await expect(
      PortalStandIns.start({
        orgFile: '/nonexistent/org.yaml',
        planFile: path.join(
          root,
          'examples/plans/payments-api/dev.tfplan.json',
        ),
      }),
    ).rejects.toThrow(/--org/);
  });
});
