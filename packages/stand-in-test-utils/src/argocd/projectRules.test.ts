import { resourcePermitted, syncPermissionError } from './projectRules';

// Cases after AppProject.IsGroupKindNamePermitted (argo-cd
// pkg/apis/application/v1alpha1/app_project_types.go) and its tests.
describe('resourcePermitted', () => {
  const ns = { group: '', kind: 'Namespace', name: 'payments' };
  const deploy = { group: 'apps', kind: 'Deployment' };

  it('allows no cluster-scoped kind without a clusterResourceWhitelist', () => {
    expect(resourcePermitted({}, ns, false)).toBe(false);
    expect(
      resourcePermitted(
        { clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] },
        ns,
        false,
      ),
    ).toBe(true);
    expect(
      resourcePermitted(
        {
          clusterResourceWhitelist: [
            { group: '', kind: 'Namespace', name: 'other' },
          ],
        },
        ns,
        false,
      ),
    ).toBe(false);
    expect(
      resourcePermitted(
        {
          clusterResourceWhitelist: [{ group: '*', kind: '*' }],
          clusterResourceBlacklist: [{ group: '', kind: 'Namespace' }],
        },
        ns,
        false,
      ),
    ).toBe(false);
  });

  it('allows namespaced kinds unless blacklisted; an empty whitelist allows none', () => {
    expect(resourcePermitted({}, deploy, true)).toBe(true);
    expect(
      resourcePermitted(
        { namespaceResourceBlacklist: [{ group: 'apps', kind: '*' }] },
        deploy,
        true,
      ),
    ).toBe(false);
    expect(
      resourcePermitted({ namespaceResourceWhitelist: [] }, deploy, true),
    ).toBe(false);
  });

  it('says what controller/sync.go says', () => {
    const project = {
      destinations: [{ server: 'https://k', namespace: 'payments' }],
    };
    const destination = { server: 'https://k', namespace: 'payments' };
    expect(
      syncPermissionError(
        'payments',
        project,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
        destination,
      ),
    ).toBe('resource :Namespace is not permitted in project payments');
    expect(
      syncPermissionError(
        'payments',
        project,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'x', namespace: 'kube-system' },
        },
        destination,
      ),
    ).toBe("namespace kube-system is not permitted in project 'payments'");
    expect(
      syncPermissionError(
        'payments',
        project,
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } },
        destination,
      ),
    ).toBeUndefined();
  });
});
