import { validateKubernetesObjects } from '@groundwork/stand-in-test-utils';
import { parseAllDocuments } from 'yaml';
import { DEV, PROD, workloadProblems } from '../__testUtils__/fixtures';
import { parseWorkload } from '../workload/parseWorkload';
import { renderEnvironment } from './renderEnvironment';

const ROUTED = (
  params = '    params:\n      path: /api\n',
) => `apiVersion: score.dev/v1b1
metadata:
  name: payments
containers:
  app:
    image: .
resources:
  public:
    type: route
${params}`;

const problemsOf = workloadProblems;

const objectsOf = (files: Map<string, string>) =>
  parseAllDocuments(files.get('route.yaml') ?? '').map(d => d.toJS());

describe('a route (exposure)', () => {
  const workload = parseWorkload(ROUTED(), 'payments');

  it("serves HTTPS under the environment's own host name, certificate from its issuer, objects the real schemas accept", () => {
    const dev = objectsOf(
      renderEnvironment(workload, {
        ...DEV,
        hostname: 'payments.dev.example.com',
      }),
    );
    expect(validateKubernetesObjects(dev).filter(r => !r.ok)).toEqual([]);
    const ingress = dev.find(o => o.kind === 'Ingress');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
      'external-dns.alpha.kubernetes.io/hostname': 'payments.dev.example.com',
      'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
    });
    expect(ingress.spec.tls).toEqual([
      { hosts: ['payments.dev.example.com'], secretName: 'payments-tls' },
    ]);
    expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({
      path: '/api',
      backend: { service: { name: 'payments', port: { name: 'http' } } },
    });
    const prod = objectsOf(
      renderEnvironment(workload, {
        ...PROD,
        hostname: 'payments.example.com',
      }),
    ).find(o => o.kind === 'Ingress');
    expect(prod.metadata.annotations['cert-manager.io/cluster-issuer']).toBe(
      'letsencrypt-production',
    );
  });

  it('lets the ingress controller, and only it, reach the pods', () => {
    const policy = objectsOf(
      renderEnvironment(workload, {
        ...DEV,
        hostname: 'payments.dev.example.com',
      }),
    ).find(o => o.kind === 'NetworkPolicy');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress.map((r: any) => r.from)).toEqual([
      [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
          },
        },
      ],
    ]);
  });

  it('renders nothing of the kind without a route', () => {
    const files = renderEnvironment(
      parseWorkload(ROUTED('').replace(/resources:[\s\S]*$/, ''), 'payments'),
      { ...DEV, hostname: 'payments.dev.example.com' },
    );
    expect(files.has('route.yaml')).toBe(false);
  });

  it('asks for the host name of an environment that has none', () => {
    expect(problemsOf(() => renderEnvironment(workload, DEV))).toEqual([
      "resources.public: dev has no hostname in deploy/environments.yaml; a route is served under the environment's own host name (<service>.<its DNS zone>): add it, or remove the route",
    ]);
  });

  it("refuses a host or port of the author's: both are the platform's", () => {
    expect(
      problemsOf(() =>
        parseWorkload(
          ROUTED('    params:\n      host: evil.example.com\n      port: 80\n'),
        ),
      ),
    ).toEqual([
      "resources.public.params: a route's host is each environment's own (hostname in deploy/environments.yaml) and its port the Service's http port; give path only",
    ]);
    expect(
      problemsOf(() =>
        parseWorkload(ROUTED('    params:\n      path: "a b"\n')),
      ),
    ).toEqual([
      'resources.public.params.path must be a URL path such as / (letters, digits and ._~-/)',
    ]);
  });
});
