import { checkPlatform } from './coherence/check';
import { kustomizeUnavailable } from './coherence/kustomize';
import { loadPrerequisites } from './coherence/prerequisites';
import { RenderedPlatform, renderPlatform } from './coherence/render';

jest.setTimeout(300_000);

/**
 * Coherence over everything the templates render: new-service in dev,
 * staging and prod (public, with a database and a bucket; dev by
 * new-service itself, staging and prod by promote-service), the environment
 * on AWS (dev, staging, prod), GCP and Azure, and employee onboarding, all
 * through the real scaffolder. Every kustomization builds with the real
 * kustomize; every object validates against Kubernetes' and Argo CD's
 * schemas; every reference (Secrets, ConfigMaps, ServiceAccounts, IRSA
 * roles, issuers, ingress classes, namespaces, Argo CD projects,
 * destinations and source paths, Terraform module sources) resolves in
 * what the platform renders or in templates/PREREQUISITES.md; every
 * workflow passes actionlint and pushes to no protected branch.
 */
describe('coherence of everything the templates render', () => {
  const unavailable = kustomizeUnavailable();
  let platform: RenderedPlatform;
  let findings: string[];
  beforeAll(async () => {
    if (unavailable) return;
    platform = await renderPlatform();
    findings = await checkPlatform(platform, loadPrerequisites());
  });

  it('has kubectl to build Kustomize folders with', () => {
    // Fails rather than skips: without kustomize nothing below is checked.
    expect(unavailable).toBeUndefined();
  });

  it('renders every template of the platform', () => {
    if (unavailable) throw new Error(unavailable);
    expect(platform.repos.map(r => r.label)).toEqual([
      'new-service payments-api',
      'environment dev (aws)',
      'environment staging (aws)',
      'environment prod (aws)',
      'environment lab (gcp)',
      'environment azdev (azure)',
      'employee-onboarding Ada-L',
    ]);
    expect(platform.applications.map(a => a.application.metadata.name)).toEqual(
      [
        'payments-api-dev',
        'payments-api-staging',
        'payments-api-prod',
        'platform-addons-dev',
        'platform-addons-prod',
        'platform-addons-azdev',
        // The access reconciler's, once onboarding's pull request merges:
        // the developer's bindings in the namespace of each of the payments
        // team's services (the team's project lists payments-api in each
        // environment new-service and its promotions delivered it to).
        'access-argocd-policy',
        'access-rbac-dev-payments-payments-api',
        'access-rbac-staging-payments-payments-api',
        'access-argocd-policy',
        'access-rbac-prod-payments-payments-api',
      ],
    );
    // Delivery as each environment's config says: central environments are
    // registered with their Argo CD (argocd:register-cluster); in-cluster
    // ones get Argo CD, the project and the app-of-apps from the delivery
    // layer, which the check plans and follows like the others.
    expect(platform.registeredClusters).toEqual([
      { instance: 'default', name: 'platform-dev', environment: 'dev' },
      { instance: 'prod', name: 'platform-prod', environment: 'prod' },
      { instance: 'default', name: 'platform-azdev', environment: 'azdev' },
    ]);
    expect(
      platform.terraformRoots
        .filter(r => r.dir === 'infra/delivery')
        .map(r => [r.environment, r.applied]),
    ).toEqual([
      ['staging', true],
      ['lab', true],
    ]);
  });

  it('finds nothing that would fail on the real systems', () => {
    if (unavailable) throw new Error(unavailable);
    expect(findings).toEqual([]);
  });
});
