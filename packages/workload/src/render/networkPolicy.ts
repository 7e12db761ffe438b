import { CloudProvider, WorkloadEnvironment } from '../environments';
import { Workload } from '../workload/types';
import { BUCKET_TYPE } from './clouds';

type Peer = Record<string, unknown>;
type Port = { port: number; protocol: 'TCP' | 'UDP' };
export interface EgressRule {
  /** Why the rule is there, for the comment above it. */
  reason: string;
  to: Peer[];
  ports: Port[];
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * Public addresses only: NetworkPolicy matches addresses, never names, so a
 * host name's rule opens its port to the internet, while the cluster, the
 * network's private ranges, carrier-grade NAT and the link-local instance
 * metadata service (169.254.169.254, which hands out the node's
 * credentials) stay closed.
 */
const PUBLIC_ADDRESSES: Peer = {
  ipBlock: {
    cidr: '0.0.0.0/0',
    except: [...PRIVATE_RANGES, '100.64.0.0/10', '169.254.0.0/16'],
  },
};

/**
 * In an environment with Istio's ambient mesh, traffic between meshed pods
 * travels to the destination pod's port 15008 (HBONE), and NetworkPolicy,
 * enforced outside the pod, sees that port, not the service's
 * (istio.io/latest/docs/ambient/usage/networkpolicy). Rules to pods in the
 * cluster allow it too; without the mesh nothing listens there.
 */
const HBONE: Port = { port: 15008, protocol: 'TCP' };

/**
 * What a pod needs to reach its cloud's APIs when it authenticates to its
 * database and reads its bucket as itself: no network has private
 * endpoints for them, so they are public addresses on 443.
 */
const HTTPS: Port[] = [{ port: 443, protocol: 'TCP' }];
const CLOUD_API_RULES: Record<CloudProvider, EgressRule[]> = {
  // The pod's role comes from STS (IRSA), its IAM database token, bucket
  // objects and queue messages from AWS's public endpoints.
  aws: [
    {
      reason:
        "AWS's APIs over HTTPS (STS for the pod's role, S3, RDS IAM authentication, SQS)",
      to: [PUBLIC_ADDRESSES],
      ports: HTTPS,
    },
  ],
  // Workload Identity hands out tokens through the GKE metadata server,
  // which Dataplane V2 (gcp-gke) serves at 169.254.169.254:80; GKE's
  // Workload Identity guide asks network policies to allow exactly that.
  // It answers as the pod's own Google service account: the node's
  // credentials are not reachable through it (GKE_METADATA mode).
  gcp: [
    {
      reason:
        "Google's APIs over HTTPS (Cloud SQL IAM authentication, Cloud Storage, Pub/Sub, token exchange)",
      to: [PUBLIC_ADDRESSES],
      ports: HTTPS,
    },
    {
      reason: "the GKE metadata server, for the pod's Workload Identity tokens",
      to: [{ ipBlock: { cidr: '169.254.169.254/32' } }],
      ports: [{ port: 80, protocol: 'TCP' }],
    },
  ],
  // Workload identity exchanges the pod's projected token at Entra ID
  // (login.microsoftonline.com); Storage and Service Bus have no private
  // endpoint (Service Bus over AMQP on WebSockets uses 443 too).
  azure: [
    {
      reason:
        "Azure's APIs over HTTPS (Entra ID tokens for the database, Storage and Service Bus, Blob Storage)",
      to: [PUBLIC_ADDRESSES],
      ports: HTTPS,
    },
  ],
};

/** The rules and, per rule, why it exists. */
export function egressRules(
  workload: Workload,
  env: WorkloadEnvironment,
): EgressRule[] {
  const rules: EgressRule[] = [
    {
      reason: 'DNS, through the cluster resolver',
      to: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
          },
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { port: 53, protocol: 'UDP' },
        { port: 53, protocol: 'TCP' },
      ],
    },
  ];
  const has = (type: string) => workload.resources.some(r => r.type === type);
  if (has('postgres')) {
    rules.push({
      reason: `the database (postgres), inside ${
        env.networkCidr ? "the environment's network" : 'the private ranges'
      }`,
      to: (env.networkCidr ? [env.networkCidr] : PRIVATE_RANGES).map(cidr => ({
        ipBlock: { cidr },
      })),
      ports: [{ port: 5432, protocol: 'TCP' }],
    });
  }
  // SQS, Pub/Sub and Service Bus have no private endpoint in the
  // environment's network either: a queue needs the same public rule.
  if (has('postgres') || has(BUCKET_TYPE[env.cloud.provider]) || has('queue')) {
    rules.push(...CLOUD_API_RULES[env.cloud.provider]);
  }
  // Service Bus clients speak AMQP over TLS on 5671 by default, and fall back
  // to AMQP over WebSockets on 443 (learn.microsoft.com, "Azure Service Bus
  // and Event Hubs protocol guide": ports 5671 and 443). Pub/Sub and SQS are
  // HTTPS (gRPC) on 443 only.
  if (has('queue') && env.cloud.provider === 'azure') {
    rules.push({
      reason: 'Service Bus over AMQP with TLS',
      to: [PUBLIC_ADDRESSES],
      ports: [{ port: 5671, protocol: 'TCP' }],
    });
  }
  if (has('traces')) {
    rules.push({
      reason: 'traces to the collector (Alloy, OTLP gRPC and HTTP)',
      to: [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alloy' } },
        },
      ],
      ports: [
        { port: 4317, protocol: 'TCP' },
        { port: 4318, protocol: 'TCP' },
        HBONE,
      ],
    });
  }
  for (const r of workload.resources) {
    if (r.type !== 'egress') continue;
    const port = { port: r.port, protocol: r.protocol };
    const d = r.destination;
    if (d.kind === 'host') {
      rules.push({
        reason: `${r.id}: ${d.host} (by name: any public address on this port)`,
        to: [PUBLIC_ADDRESSES],
        ports: [port],
      });
    } else if (d.kind === 'cidr') {
      rules.push({
        reason: `${r.id}: ${d.cidr}`,
        to: [{ ipBlock: { cidr: d.cidr } }],
        ports: [port],
      });
    } else {
      rules.push({
        reason: `${r.id}: the ${d.service} service (its own policy must admit this one)`,
        to: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': d.service },
            },
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': d.service },
            },
          },
        ],
        ports: [port, HBONE],
      });
    }
  }
  return rules;
}

/**
 * Default deny for the service's outbound traffic: the pods reach what
 * workload.yaml declares (and DNS), nothing else; `rules` from egressRules.
 */
export function renderNetworkPolicy(
  workload: Workload,
  rules: readonly EgressRule[],
): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: `${workload.name}-egress` },
    spec: {
      podSelector: {
        matchLabels: { 'app.kubernetes.io/name': workload.name },
      },
      policyTypes: ['Egress'],
      egress: rules.map(({ to, ports }) => ({ to, ports })),
    },
  };
}
