import { TestDatabases } from '@backstage/backend-test-utils';
import { KubernetesApiStandIn } from '@groundwork/stand-in-test-utils';
import {
  READER_TOKEN,
  policyReport,
  readerIdentity,
  result,
  serviceEntity,
  startStatusBackend,
} from './__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
const API = '/apis/wgpolicyk8s.io/v1alpha2';

describe.each(databases.eachSupportedId())(
  'the policy report collector in platform status on %p',
  id => {
    // dev's cluster lets the portal read the reports; staging's token has
    // no RBAC for them; prod has no cluster configured.
    const dev = new KubernetesApiStandIn({
      tokens: { [READER_TOKEN]: readerIdentity },
    });
    const staging = new KubernetesApiStandIn({
      tokens: {
        'no-rbac-token': {
          user: 'system:serviceaccount:default:default',
          canList: [],
        },
      },
    });
    beforeAll(async () => {
      await dev.start();
      await staging.start();
    });
    afterAll(async () => {
      await dev.stop();
      await staging.stop();
    });

    it("shows each cluster's findings apart from plan-time ones, and an unreadable cluster as an error", async () => {
      const knex = await databases.init(id);
      const backend = await startStatusBackend({
        knex,
        entities: [serviceEntity('payments-api'), serviceEntity('ledger')],
        policyReports: {
          pageSize: 2,
          clusters: [
            {
              name: 'dev-eks',
              environment: 'dev',
              url: dev.url,
              serviceAccountToken: READER_TOKEN,
            },
            {
              name: 'staging-eks',
              environment: 'staging',
              url: staging.url,
              serviceAccountToken: 'no-rbac-token',
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      dev.put(
        'policyreports',
        policyReport(
          'payments-api',
          { kind: 'Deployment', name: 'payments-api' },
          [
            result({ rule: 'autogen-owner-cost-center-environment' }),
            result({
              policy: 'disallow-privileged-containers',
              rule: 'autogen-privileged-containers',
              result: 'pass',
              severity: 'high',
              message: 'validation rule autogen-privileged-containers passed.',
            }),
          ],
        ),
      );
      dev.put(
        'policyreports',
        policyReport(
          'payments-api',
          { kind: 'Pod', name: 'payments-api-7d9f8-x2x4q', apiVersion: 'v1' },
          [
            result({
              policy: 'restrict-image-registries',
              rule: 'own-registries',
              severity: 'high',
              message:
                "image docker.io/library/nginx is not from this environment's registries",
            }),
          ],
        ),
      );
      // Three more reports, in namespaces of no entity: more pages.
      for (const ns of ['kube-system', 'monitoring', 'zeta']) {
        dev.put(
          'policyreports',
          policyReport(ns, { kind: 'Pod', name: 'x', apiVersion: 'v1' }, [
            result(),
          ]),
        );
      }
      dev.put('clusterpolicyreports', {
        apiVersion: 'wgpolicyk8s.io/v1alpha2',
        kind: 'ClusterPolicyReport',
        metadata: { name: 'ns-ledger' },
        scope: { apiVersion: 'v1', kind: 'Namespace', name: 'ledger' },
        results: [
          result({
            policy: 'require-namespace-labels',
            rule: 'owner',
            severity: 'low',
          }),
        ],
      });

      await backend.run('policy-reports');

      // Five PolicyReports in pages of two, one ClusterPolicyReport page.
      expect(
        dev.calls.map(c => [
          c.path,
          c.query.limit,
          Boolean(c.query.continue),
          c.status,
        ]),
      ).toEqual([
        [`${API}/policyreports`, '2', false, 200],
        [`${API}/policyreports`, '2', true, 200],
        [`${API}/policyreports`, '2', true, 200],
        [`${API}/clusterpolicyreports`, '2', false, 200],
      ]);

      const payments = await backend.status('payments-api');
      const [devEnv, stagingEnv, prodEnv] = payments.environments;
      // The plan-time part is untouched: no Terraform run reported.
      expect(devEnv.compliance).toMatchObject({
        state: 'no-data',
        findings: [],
      });
      expect(devEnv.compliance.admission).toMatchObject({
        state: 'ok',
        cluster: 'dev-eks',
        failed: { critical: 0, high: 1, medium: 1, low: 0 },
      });
      expect(
        devEnv.compliance.admission.findings.map(f => [
          f.ruleId,
          f.result,
          f.severity,
          f.address,
          f.engine,
        ]),
      ).toEqual([
        [
          'restrict-image-registries/own-registries',
          'fail',
          'high',
          'Pod payments-api/payments-api-7d9f8-x2x4q',
          'kyverno',
        ],
        [
          'require-labels/autogen-owner-cost-center-environment',
          'fail',
          'medium',
          'Deployment payments-api/payments-api',
          'kyverno',
        ],
        [
          'disallow-privileged-containers/autogen-privileged-containers',
          'pass',
          'high',
          'Deployment payments-api/payments-api',
          'kyverno',
        ],
      ]);
      expect(devEnv.compliance.admission.findings[0]).toMatchObject({
        resourceType: 'v1/Pod',
        scored: true,
        at: new Date(1796000000 * 1000).toISOString(),
      });
      // staging's cluster refuses the token's list: an error, never a pass.
      expect(stagingEnv.compliance.admission).toMatchObject({
        state: 'error',
        cluster: 'staging-eks',
        findings: [],
      });
      expect(stagingEnv.compliance.admission.error).toContain('403 Forbidden');
      expect(stagingEnv.compliance.admission.error).toContain(
        'groundwork-policy-report-reader',
      );
      expect(stagingEnv.compliance.admission.error).not.toContain(
        'no-rbac-token',
      );
      expect(stagingEnv.errors).toEqual([
        expect.objectContaining({ source: 'admission' }),
      ]);
      expect(prodEnv.compliance.admission.state).toBe('not-configured');

      // The Namespace's ClusterPolicyReport lands on the entity of that namespace.
      const ledger = await backend.status('ledger');
      expect(ledger.environments[0].compliance.admission.findings).toEqual([
        expect.objectContaining({
          ruleId: 'require-namespace-labels/owner',
          address: 'Namespace ledger',
          severity: 'low',
        }),
      ]);

      // Next cycle: the Pod's report is gone (fixed), and the dev cluster's
      // token stops working: the last findings stay, marked as an error.
      dev.delete(
        'policyreports',
        'payments-api',
        'pod-payments-api-7d9f8-x2x4q',
      );
      await backend.run('policy-reports');
      const fixed = (await backend.status('payments-api')).environments[0]
        .compliance.admission;
      expect(fixed.state).toBe('ok');
      expect(fixed.failed).toEqual({ critical: 0, high: 0, medium: 1, low: 0 });

      await dev.stop();
      await backend.run('policy-reports');
      const down = (await backend.status('payments-api')).environments[0];
      expect(down.compliance.admission.state).toBe('error');
      expect(down.compliance.admission.error).toContain('could not be reached');
      expect(down.compliance.admission.findings).toHaveLength(2);
      expect(down.errors.map(e => e.source)).toEqual(['admission']);
      await dev.start();
      await backend.stop();
    });

    it('answers a 401 with a sentence that names the config key, not the token', async () => {
      const knex = await databases.init(id);
      const backend = await startStatusBackend({
        knex,
        entities: [serviceEntity('payments-api')],
        policyReports: {
          clusters: [
            {
              name: 'dev-eks',
              environment: 'dev',
              url: dev.url,
              serviceAccountToken: 'a-revoked-token',
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      await backend.run('policy-reports');
      const admission = (await backend.status('payments-api')).environments[0]
        .compliance.admission;
      expect(admission.state).toBe('error');
      expect(admission.error).toContain('401 Unauthorized');
      expect(admission.error).toContain('serviceAccountToken');
      expect(admission.error).not.toContain('a-revoked-token');
      await backend.stop();
    });

    it('starts over once when the continue token expires between pages', async () => {
      const knex = await databases.init(id);
      const api = new KubernetesApiStandIn({
        tokens: { [READER_TOKEN]: readerIdentity },
      });
      await api.start();
      for (const name of ['a', 'b', 'c']) {
        api.put(
          'policyreports',
          policyReport(
            'payments-api',
            { kind: 'Pod', name, apiVersion: 'v1' },
            [result()],
          ),
        );
      }
      const backend = await startStatusBackend({
        knex,
        entities: [serviceEntity('payments-api')],
        policyReports: {
          pageSize: 1,
          clusters: [
            {
              name: 'dev-eks',
              environment: 'dev',
              url: api.url,
              serviceAccountToken: READER_TOKEN,
            },
          ],
        },
      });
      await backend.run('catalog-sync');
      // etcd compacts right after the first page is served.
      api.compactAfterPages(1);
      await backend.run('policy-reports');
      expect(api.calls.map(c => c.status)).toEqual([
        200, 410, 200, 200, 200, 200,
      ]);
      const admission = (await backend.status('payments-api')).environments[0]
        .compliance.admission;
      expect(admission.state).toBe('ok');
      expect(admission.findings).toHaveLength(3);
      await backend.stop();
      await api.stop();
    });
  },
);
