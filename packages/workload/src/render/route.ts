import { WorkloadEnvironment } from '../environments';
import { WorkloadError } from '../workload/errors';
import { Workload } from '../workload/types';

type K8sObject = Record<string, unknown>;

/** The namespace of the cluster's ingress controller (the environment's ingress-nginx add-on). */
const INGRESS_NAMESPACE = 'ingress-nginx';

/**
 * The ClusterIssuer an environment's certificates come from; the environment
 * template creates both. Let's Encrypt's staging endpoint outside production:
 * untrusted certificates, but no rate limit a busy team can exhaust.
 */
export const issuerOf = (env: WorkloadEnvironment) =>
  env.production ? 'letsencrypt-production' : 'letsencrypt-staging';

/**
 * A route (workload.yaml `type: route`) in one environment: an Ingress on
 * the cluster's ingress controller, HTTPS only, under the environment's own
 * host name (a name in the zone its external-dns manages, so each cluster
 * owns its record), with a certificate from its cert-manager; and the
 * NetworkPolicy that lets the ingress controller reach the pods, which the
 * base admits only from their own namespace and monitoring. Empty when the
 * workload declares no route.
 */
export function renderRoute(
  workload: Workload,
  env: WorkloadEnvironment,
): K8sObject[] {
  const route = workload.resources.find(r => r.type === 'route');
  if (!route || route.type !== 'route') return [];
  if (!env.hostname) {
    throw new WorkloadError([
      `resources.${route.id}: ${env.name} has no hostname in deploy/environments.yaml; a route is served under the environment's own host name (<service>.<its DNS zone>): add it, or remove the route`,
    ]);
  }
  const ingress: K8sObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: workload.name,
      annotations: {
        'cert-manager.io/cluster-issuer': issuerOf(env),
        'external-dns.alpha.kubernetes.io/hostname': env.hostname,
        'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
      },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: [env.hostname], secretName: `${workload.name}-tls` }],
      rules: [
        {
          host: env.hostname,
          http: {
            paths: [
              {
                path: route.path,
                pathType: 'Prefix',
                backend: {
                  service: { name: workload.name, port: { name: 'http' } },
                },
              },
            ],
          },
        },
      ],
    },
  };
  const fromIngress: K8sObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${workload.name}-from-ingress` },
    spec: {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': workload.name } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: {
                  'kubernetes.io/metadata.name': INGRESS_NAMESPACE,
                },
              },
            },
          ],
          // The http port, and HBONE for a meshed ingress controller.
          ports: [
            { port: 'http', protocol: 'TCP' },
            { port: 15008, protocol: 'TCP' },
          ],
        },
      ],
    },
  };
  return [ingress, fromIngress];
}
