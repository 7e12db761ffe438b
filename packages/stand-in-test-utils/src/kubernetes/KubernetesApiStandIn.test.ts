import { KubernetesApiStandIn } from './KubernetesApiStandIn';

const API = '/apis/wgpolicyk8s.io/v1alpha2';

function report(namespace: string, name: string) {
  return {
    apiVersion: 'wgpolicyk8s.io/v1alpha2',
    kind: 'PolicyReport',
    metadata: { name, namespace },
    scope: { apiVersion: 'apps/v1', kind: 'Deployment', name, namespace },
    summary: { pass: 1, fail: 0, warn: 0, error: 0, skip: 0 },
    results: [
      {
        policy: 'require-labels',
        rule: 'owner-and-cost-center',
        result: 'pass',
        severity: 'medium',
        source: 'kyverno',
        scored: true,
        timestamp: { seconds: 1767225600, nanos: 0 },
      },
    ],
  };
}

describe('KubernetesApiStandIn', () => {
  const api = new KubernetesApiStandIn({
    tokens: {
      reader: {
        user: 'system:serviceaccount:groundwork-system:groundwork-portal',
        canList: ['policyreports', 'clusterpolicyreports'],
      },
      nobody: { user: 'system:serviceaccount:default:default', canList: [] },
    },
  });
  const get = (path: string, token?: string) =>
    fetch(`${api.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }).then(async r => ({ status: r.status, body: await r.json() }));

  beforeAll(async () => {
    await api.start();
    for (const ns of ['a', 'b', 'c']) {
      api.put('policyreports', report(ns, `r-${ns}`));
    }
  });
  afterAll(() => api.stop());

  it('answers 401 without a token and with one it does not know', async () => {
    for (const token of [undefined, 'wrong']) {
      const res = await get(`${API}/policyreports`, token);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
      });
    }
  });

  it('answers 403 with a Status when RBAC does not allow list', async () => {
    const res = await get(`${API}/clusterpolicyreports`, 'nobody');
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      details: { group: 'wgpolicyk8s.io', kind: 'clusterpolicyreports' },
    });
    expect(res.body.message).toBe(
      'clusterpolicyreports.wgpolicyk8s.io is forbidden: User "system:serviceaccount:default:default" cannot list resource "clusterpolicyreports" in API group "wgpolicyk8s.io" at the cluster scope',
    );
  });

  it('lists in pages that follow metadata.continue', async () => {
    const first = await get(`${API}/policyreports?limit=2`, 'reader');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      kind: 'PolicyReportList',
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      metadata: { remainingItemCount: 1 },
    });
    expect(first.body.items.map((i: any) => i.metadata.namespace)).toEqual([
      'a',
      'b',
    ]);
    expect(first.body.items[0]).toMatchObject({
      kind: 'PolicyReport',
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
    });
    // A write between pages does not show in the same listing.
    api.put('policyreports', report('d', 'r-d'));
    const second = await get(
      `${API}/policyreports?limit=2&continue=${encodeURIComponent(
        first.body.metadata.continue,
      )}`,
      'reader',
    );
    expect(second.body.items.map((i: any) => i.metadata.namespace)).toEqual([
      'c',
    ]);
    expect(second.body.metadata.continue).toBeUndefined();
    api.delete('policyreports', 'd', 'r-d');
  });

  it('answers 410 Expired for a continue token older than the last compaction', async () => {
    const first = await get(`${API}/policyreports?limit=1`, 'reader');
    api.compact();
    const res = await get(
      `${API}/policyreports?limit=1&continue=${encodeURIComponent(
        first.body.metadata.continue,
      )}`,
      'reader',
    );
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'Expired',
      code: 410,
    });
    expect(res.body.metadata.continue).toEqual(expect.any(String));
    const bad = await get(`${API}/policyreports?continue=nonsense`, 'reader');
    expect(bad.status).toBe(400);
  });

  it('serves only objects its CRD accepts', () => {
    expect(() =>
      api.put('policyreports', {
        ...report('a', 'bad'),
        results: [{ policy: 'p', result: 'failed' }],
      }),
    ).toThrow(/results\/0\/result must be equal to one of the allowed values/);
    expect(() =>
      api.put('clusterpolicyreports', {
        ...report('a', 'x'),
        kind: 'ClusterPolicyReport',
      }),
    ).toThrow(/metadata.namespace must be absent/);
    expect(() =>
      api.put('policyreports', { ...report('a', 'x'), summary: { passed: 1 } }),
    ).toThrow(/summary must NOT have additional properties \(passed\)/);
  });

  it('answers 404 for paths it does not serve', async () => {
    const res = await get('/api/v1/secrets', 'reader');
    expect(res.status).toBe(404);
    expect(res.body.reason).toBe('NotFound');
  });
});
