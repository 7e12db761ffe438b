import type { PlanResource } from '../../../plan/types';
import { asStringList, blocks } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../helpers';
import { expectTrueByDefault } from './support';

const CLUSTER = ['google_container_cluster'];
const POOL = ['google_container_node_pool'];
const CLUSTER_AND_POOL = [...CLUSTER, ...POOL];
const CLUSTER_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster';
const POOL_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_node_pool';

const isAutopilot = (c: PlanResource) => c.after?.enable_autopilot === true;

/**
 * Node settings live in `node_config` of a node pool, or of a cluster's
 * default pool. Autopilot clusters have no node settings to judge, and a
 * cluster whose default pool is removed leaves them to its pools.
 */
function nodeSettings(
  check: (r: PlanResource, ctx: RuleContext) => RuleOutcome,
) {
  return (r: PlanResource, ctx: RuleContext): RuleOutcome => {
    if (r.type === 'google_container_cluster') {
      if (isAutopilot(r))
        return notApplicable(
          'An Autopilot cluster: Google manages the nodes and their settings.',
        );
      if (r.after?.remove_default_node_pool === true)
        return notApplicable(
          'The default node pool is removed; its google_container_node_pool resources are judged instead.',
        );
    }
    return check(r, ctx);
  };
}

/** Cluster-level settings that Autopilot fixes on Google's side. */
function unlessAutopilot(
  what: string,
  check: (r: PlanResource, ctx: RuleContext) => RuleOutcome,
) {
  return (r: PlanResource, ctx: RuleContext): RuleOutcome =>
    isAutopilot(r) ? pass(`An Autopilot cluster: ${what}.`) : check(r, ctx);
}

export const gkePrivateNodes = resourceRule(
  {
    id: 'GW-GCP-022',
    title: 'GKE clusters use private nodes',
    severity: 'high',
    resourceTypes: CLUSTER,
    rationale:
      'Nodes with public IPs expose the kubelet and every NodePort service to the internet; ' +
      'private nodes reach out through Cloud NAT and are reachable only from the VPC.',
    remediation: {
      text: 'Set private_cluster_config.enable_private_nodes = true (with a master_ipv4_cidr_block).',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  private_cluster_config {\n    enable_private_nodes    = true\n    enable_private_endpoint = false\n    master_ipv4_cidr_block  = "172.16.0.0/28"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_64', 'CKV_GCP_25'],
      docs: [CLUSTER_DOCS],
    },
  },
  (c, ctx) =>
    expectTrue(
      ctx,
      c,
      ['private_cluster_config', 0, 'enable_private_nodes'],
      'Private nodes',
    ),
);

export const gkeLegacyAbacOff = resourceRule(
  {
    id: 'GW-GCP-023',
    title: 'GKE clusters have legacy ABAC disabled',
    severity: 'high',
    resourceTypes: CLUSTER,
    rationale:
      'Legacy ABAC grants broad static permissions that bypass Kubernetes RBAC, so a compromised ' +
      'workload can act far beyond its role.',
    remediation: {
      text: 'Set enable_legacy_abac = false (or leave it out) and grant access with RBAC.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  enable_legacy_abac = false\n}',
    },
    references: { checkov: ['CKV_GCP_7'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) =>
    expectAttribute(ctx, c, ['enable_legacy_abac'], {
      label: 'enable_legacy_abac',
      compliant: v => v === null || isFalse(v),
      passMessage: 'enable_legacy_abac is false',
      failMessage: 'enable_legacy_abac is true: ABAC bypasses RBAC',
      providerDefault: false,
    }),
);

export const gkeNoClientCertificate = resourceRule(
  {
    id: 'GW-GCP-024',
    title: 'GKE clusters do not issue client certificates',
    severity: 'medium',
    resourceTypes: CLUSTER,
    rationale:
      'A legacy client certificate is a long-lived cluster-admin credential that cannot be revoked ' +
      'short of rotating the cluster CA.',
    remediation: {
      text: 'Set master_auth.client_certificate_config.issue_client_certificate = false and authenticate with Google identities.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  master_auth {\n    client_certificate_config {\n      issue_client_certificate = false\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_13'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) =>
    expectAttribute(
      ctx,
      c,
      [
        'master_auth',
        0,
        'client_certificate_config',
        0,
        'issue_client_certificate',
      ],
      {
        label: 'master_auth.client_certificate_config.issue_client_certificate',
        compliant: v => v === null || isFalse(v),
        passMessage:
          'master_auth.client_certificate_config.issue_client_certificate is false',
        failMessage:
          'master_auth.client_certificate_config.issue_client_certificate is true: a cluster-admin certificate is issued',
        providerDefault: false,
      },
    ),
);

export const gkeNetworkPolicy = resourceRule(
  {
    id: 'GW-GCP-025',
    title: 'GKE clusters enforce network policy',
    severity: 'medium',
    resourceTypes: CLUSTER,
    rationale:
      'Without network policy enforcement every pod can reach every other pod, so one compromised ' +
      'workload can probe the whole cluster.',
    remediation: {
      text: 'Use Dataplane V2 (datapath_provider = "ADVANCED_DATAPATH"), which enforces NetworkPolicy, or enable network_policy.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  datapath_provider = "ADVANCED_DATAPATH"\n}',
    },
    references: { checkov: ['CKV_GCP_12'], docs: [CLUSTER_DOCS] },
  },
  unlessAutopilot('Dataplane V2 enforces network policy', (c, ctx) => {
    const datapath = ctx.read(c, ['datapath_provider']);
    if (datapath.state === 'known' && datapath.value === 'ADVANCED_DATAPATH')
      return pass('datapath_provider is ADVANCED_DATAPATH (Dataplane V2).');
    if (datapath.state === 'unknown' && datapath.configured)
      return hiddenUntilApply('datapath_provider');
    return expectTrue(
      ctx,
      c,
      ['network_policy', 0, 'enabled'],
      'Network policy',
    );
  }),
);

const METADATA_PATH = ['node_config', 0, 'workload_metadata_config', 0, 'mode'];

export const gkeMetadataServer = resourceRule(
  {
    id: 'GW-GCP-026',
    title: 'GKE nodes expose the GKE metadata server (Workload Identity)',
    severity: 'high',
    resourceTypes: CLUSTER_AND_POOL,
    rationale:
      'With the Compute Engine metadata server exposed, every pod can take the node service ' +
      "account's token and read kube-env; the GKE metadata server gives pods only their own identity.",
    remediation: {
      text: 'Enable Workload Identity on the cluster and set node_config.workload_metadata_config.mode = "GKE_METADATA".',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  node_config {\n    workload_metadata_config {\n      mode = "GKE_METADATA"\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_69'], docs: [POOL_DOCS] },
  },
  nodeSettings((r, ctx) => {
    const mode = ctx.read(r, METADATA_PATH);
    if (mode.state === 'known' && typeof mode.value === 'string')
      return mode.value === 'GKE_METADATA'
        ? pass('node_config.workload_metadata_config.mode is GKE_METADATA.')
        : fail(
            `node_config.workload_metadata_config.mode is ${mode.value}; set it to GKE_METADATA.`,
          );
    if (mode.state === 'unknown' && mode.configured)
      return hiddenUntilApply('node_config.workload_metadata_config.mode');
    if (r.type === 'google_container_node_pool')
      return unknown(
        'node_config.workload_metadata_config.mode is not set: the pool takes GKE_METADATA only if its cluster has Workload Identity, which this rule cannot see from the pool; set mode explicitly.',
      );
    const pool = ctx.read(r, ['workload_identity_config', 0, 'workload_pool']);
    if (pool.state === 'known' && typeof pool.value === 'string')
      return pass(
        'Workload Identity is enabled, so nodes default to GKE_METADATA.',
      );
    if (pool.state === 'unknown')
      return hiddenUntilApply('workload_identity_config.workload_pool');
    return fail(
      'Neither workload_identity_config nor node_config.workload_metadata_config.mode = GKE_METADATA is set: pods can read the node metadata server.',
    );
  }),
);

export const gkeSecureBoot = resourceRule(
  {
    id: 'GW-GCP-027',
    title: 'GKE nodes use Shielded VM secure boot',
    severity: 'medium',
    resourceTypes: CLUSTER_AND_POOL,
    rationale:
      'Secure boot refuses unsigned boot components, so a node rootkit cannot survive a reboot.',
    remediation: {
      text: 'Set node_config.shielded_instance_config.enable_secure_boot = true.',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  node_config {\n    shielded_instance_config {\n      enable_secure_boot          = true\n      enable_integrity_monitoring = true\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_68'], docs: [POOL_DOCS] },
  },
  nodeSettings((r, ctx) =>
    expectTrue(
      ctx,
      r,
      ['node_config', 0, 'shielded_instance_config', 0, 'enable_secure_boot'],
      'Secure boot',
    ),
  ),
);

export const gkeIntegrityMonitoring = resourceRule(
  {
    id: 'GW-GCP-028',
    title: 'GKE nodes keep Shielded VM integrity monitoring on',
    severity: 'low',
    resourceTypes: CLUSTER_AND_POOL,
    rationale:
      'Integrity monitoring compares each boot against a known-good baseline and reports a node ' +
      'whose boot chain changed.',
    remediation: {
      text: 'Leave node_config.shielded_instance_config.enable_integrity_monitoring at true.',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  node_config {\n    shielded_instance_config {\n      enable_integrity_monitoring = true\n    }\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_72'], docs: [POOL_DOCS] },
  },
  nodeSettings((r, ctx) =>
    expectTrueByDefault(
      ctx,
      r,
      [
        'node_config',
        0,
        'shielded_instance_config',
        0,
        'enable_integrity_monitoring',
      ],
      'node_config.shielded_instance_config.enable_integrity_monitoring',
      'Integrity monitoring',
    ),
  ),
);

export const gkeShieldedNodes = resourceRule(
  {
    id: 'GW-GCP-029',
    title: 'GKE clusters use Shielded GKE nodes',
    severity: 'medium',
    resourceTypes: CLUSTER,
    rationale:
      'Shielded nodes prove their identity to the control plane, so an attacker who steals a ' +
      "node's bootstrap credentials cannot join an impostor node to the cluster.",
    remediation: {
      text: 'Leave enable_shielded_nodes at true.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  enable_shielded_nodes = true\n}',
    },
    references: { checkov: ['CKV_GCP_71'], docs: [CLUSTER_DOCS] },
  },
  unlessAutopilot('nodes are always shielded', (c, ctx) =>
    expectTrueByDefault(
      ctx,
      c,
      ['enable_shielded_nodes'],
      'enable_shielded_nodes',
      'Shielded nodes',
    ),
  ),
);

const CHANNELS = ['RAPID', 'REGULAR', 'STABLE', 'EXTENDED'];

export const gkeReleaseChannel = resourceRule(
  {
    id: 'GW-GCP-030',
    title: 'GKE clusters are enrolled in a release channel',
    severity: 'medium',
    resourceTypes: CLUSTER,
    rationale:
      'A release channel keeps the control plane and nodes on supported, patched versions; ' +
      'unenrolled clusters drift until an end-of-life upgrade is forced on them.',
    remediation: {
      text: 'Set release_channel.channel to REGULAR or STABLE.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  release_channel {\n    channel = "REGULAR"\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_70'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) =>
    expectAttribute(ctx, c, ['release_channel', 0, 'channel'], {
      label: 'release_channel.channel',
      compliant: v =>
        v === null || (typeof v === 'string' && CHANNELS.includes(v)),
      passMessage: 'release_channel.channel names a release channel',
      failMessage:
        'release_channel.channel is UNSPECIFIED (or unset): the cluster follows no release channel',
      // GKE enrolls new Standard clusters in a channel (REGULAR unless a pinned
      // version is only in another) when release_channel is left out.
      providerDefault: 'REGULAR',
    }),
);

function poolManagement(
  attribute: 'auto_upgrade' | 'auto_repair',
  what: string,
) {
  return (p: PlanResource, ctx: RuleContext) =>
    expectTrueByDefault(
      ctx,
      p,
      ['management', 0, attribute],
      `management.${attribute}`,
      what,
    );
}

export const gkeNodeAutoUpgrade = resourceRule(
  {
    id: 'GW-GCP-031',
    title: 'GKE node pools upgrade automatically',
    severity: 'medium',
    resourceTypes: POOL,
    rationale:
      'Node images carry the kernel and container runtime; without auto-upgrade, their security ' +
      'patches wait for someone to remember.',
    remediation: {
      text: 'Set management.auto_upgrade = true.',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  management {\n    auto_upgrade = true\n    auto_repair  = true\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_10'], docs: [POOL_DOCS] },
  },
  poolManagement('auto_upgrade', 'Node auto-upgrade'),
);

export const gkeNodeAutoRepair = resourceRule(
  {
    id: 'GW-GCP-032',
    title: 'GKE node pools repair nodes automatically',
    severity: 'medium',
    resourceTypes: POOL,
    productionOnly: true,
    rationale:
      'Auto-repair recreates nodes that fail health checks; without it a broken node keeps its ' +
      'share of the workload unschedulable until someone notices.',
    remediation: {
      text: 'Set management.auto_repair = true.',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  management {\n    auto_repair  = true\n    auto_upgrade = true\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_9'], docs: [POOL_DOCS] },
  },
  poolManagement('auto_repair', 'Node auto-repair'),
);

function serviceNotNone(
  attribute: 'logging_service' | 'monitoring_service',
  dflt: string,
) {
  return (c: PlanResource, ctx: RuleContext) =>
    expectAttribute(ctx, c, [attribute], {
      label: attribute,
      compliant: v => v !== 'none',
      passMessage: `${attribute} sends to Cloud ${
        attribute === 'logging_service' ? 'Logging' : 'Monitoring'
      }`,
      failMessage: `${attribute} is none; set it to ${dflt}`,
      providerDefault: dflt,
    });
}

export const gkeLogging = resourceRule(
  {
    id: 'GW-GCP-033',
    title: 'GKE clusters send logs to Cloud Logging',
    severity: 'medium',
    resourceTypes: CLUSTER,
    rationale:
      'Control plane and workload logs are the record of who did what in the cluster; with ' +
      'logging off, an incident cannot be reconstructed.',
    remediation: {
      text: 'Leave logging_service at logging.googleapis.com/kubernetes (never "none").',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  logging_service = "logging.googleapis.com/kubernetes"\n}',
    },
    references: { checkov: ['CKV_GCP_1'], docs: [CLUSTER_DOCS] },
  },
  serviceNotNone('logging_service', 'logging.googleapis.com/kubernetes'),
);

export const gkeMonitoring = resourceRule(
  {
    id: 'GW-GCP-034',
    title: 'GKE clusters send metrics to Cloud Monitoring',
    severity: 'low',
    resourceTypes: CLUSTER,
    rationale:
      'Without system metrics, capacity problems and crash loops go unseen until users report them.',
    remediation: {
      text: 'Leave monitoring_service at monitoring.googleapis.com/kubernetes (never "none").',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  monitoring_service = "monitoring.googleapis.com/kubernetes"\n}',
    },
    references: { checkov: ['CKV_GCP_8'], docs: [CLUSTER_DOCS] },
  },
  serviceNotNone('monitoring_service', 'monitoring.googleapis.com/kubernetes'),
);

export const gkeControlPlaneAccess = resourceRule(
  {
    id: 'GW-GCP-035',
    title: 'GKE control planes accept only authorized networks',
    severity: 'high',
    resourceTypes: CLUSTER,
    rationale:
      'A control plane endpoint open to any address is one Kubernetes API vulnerability or leaked ' +
      'kubeconfig away from a takeover; authorized networks limit who can even try.',
    remediation: {
      text: 'Add master_authorized_networks_config with your office, VPN or CI ranges (never 0.0.0.0/0), or use a private endpoint.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block   = "10.10.0.0/16"\n      display_name = "vpn"\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_20', 'CKV_GCP_18'],
      docs: [CLUSTER_DOCS],
    },
  },
  (c, ctx) => {
    const privateEndpoint = ctx.read(c, [
      'private_cluster_config',
      0,
      'enable_private_endpoint',
    ]);
    if (privateEndpoint.state === 'known' && privateEndpoint.value === true)
      return pass('The control plane has only a private endpoint.');
    const read = ctx.read(c, ['master_authorized_networks_config']);
    if (read.state === 'unknown')
      return hiddenUntilApply('master_authorized_networks_config');
    const config = blocks(read.value)[0];
    if (!config)
      return fail(
        'No master_authorized_networks_config: the control plane accepts any address.',
      );
    const cidrs = blocks(config.cidr_blocks).flatMap(b =>
      asStringList(b.cidr_block),
    );
    if (cidrs.includes('0.0.0.0/0'))
      return fail(
        'master_authorized_networks_config allows 0.0.0.0/0: the control plane accepts any address.',
      );
    return pass(
      `master_authorized_networks_config allows ${cidrs.length} range(s).`,
    );
  },
);

export const gkeBinaryAuthorization = resourceRule(
  {
    id: 'GW-GCP-036',
    title: 'GKE clusters enforce Binary Authorization',
    severity: 'medium',
    resourceTypes: CLUSTER,
    productionOnly: true,
    rationale:
      'Binary Authorization admits only images signed by your pipeline, so a pushed or typo-squatted ' +
      'image cannot run in production.',
    remediation: {
      text: 'Set binary_authorization.evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE".',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  binary_authorization {\n    evaluation_mode = "PROJECT_SINGLETON_POLICY_ENFORCE"\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_66'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) => {
    const mode = ctx.read(c, ['binary_authorization', 0, 'evaluation_mode']);
    if (mode.state === 'unknown' && mode.configured)
      return hiddenUntilApply('binary_authorization.evaluation_mode');
    if (mode.state === 'known' && typeof mode.value === 'string')
      return mode.value === 'PROJECT_SINGLETON_POLICY_ENFORCE'
        ? pass(
            'binary_authorization.evaluation_mode enforces the project policy.',
          )
        : fail(
            `binary_authorization.evaluation_mode is ${mode.value}; set it to PROJECT_SINGLETON_POLICY_ENFORCE.`,
          );
    // `enabled` is the deprecated spelling of the same switch.
    const legacy = ctx.read(c, ['binary_authorization', 0, 'enabled']);
    if (legacy.state === 'known' && legacy.value === true)
      return pass('binary_authorization.enabled is true.');
    return fail(
      'binary_authorization.evaluation_mode is not set: any image can run.',
    );
  },
);

export const gkeIntranodeVisibility = resourceRule(
  {
    id: 'GW-GCP-037',
    title: 'GKE clusters make pod-to-pod traffic visible to VPC flow logs',
    severity: 'low',
    resourceTypes: CLUSTER,
    rationale:
      'Without intranode visibility, traffic between pods on the same node never reaches the VPC, ' +
      'so flow logs and firewall rules miss it.',
    remediation: {
      text: 'Set enable_intranode_visibility = true.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  enable_intranode_visibility = true\n}',
    },
    references: { checkov: ['CKV_GCP_61'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) =>
    expectTrue(ctx, c, ['enable_intranode_visibility'], 'Intranode visibility'),
);

export const gkeSeparateNodePools = resourceRule(
  {
    id: 'GW-GCP-082',
    title: 'GKE clusters manage node pools as separate resources',
    severity: 'low',
    resourceTypes: CLUSTER,
    rationale:
      'Node pools declared inside google_container_cluster cannot be changed without replacing ' +
      'the cluster in many cases; separate google_container_node_pool resources change on their own.',
    remediation: {
      text: 'Remove node_pool blocks from the cluster, set remove_default_node_pool = true and declare google_container_node_pool resources.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  remove_default_node_pool = true\n  initial_node_count       = 1\n}\n\nresource "google_container_node_pool" "main" {\n  cluster    = google_container_cluster.main.id\n  node_count = 3\n}',
    },
    references: { checkov: ['CKV_GCP_123'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) => {
    const read = ctx.read(c, ['node_pool']);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply('node_pool');
    const inline = read.state === 'known' ? blocks(read.value).length : 0;
    return inline > 0
      ? fail(`${inline} node_pool block(s) are declared inside the cluster.`)
      : pass('No inline node_pool blocks.');
  },
);

export const gkeClusterLabels = resourceRule(
  {
    id: 'GW-GCP-083',
    title: 'GKE clusters carry resource labels',
    severity: 'low',
    resourceTypes: CLUSTER,
    rationale:
      'Labels on the cluster flow to its billing export and asset inventory, which is how cost and ' +
      'ownership of a cluster are traced.',
    remediation: {
      text: 'Set resource_labels with at least the team and environment.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  resource_labels = {\n    team        = "platform"\n    environment = "prod"\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_21'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) => {
    const read = ctx.read(c, ['resource_labels']);
    if (read.state === 'unknown')
      return read.configured
        ? hiddenUntilApply('resource_labels')
        : fail('resource_labels is not set.');
    const labels =
      read.value && typeof read.value === 'object' && !Array.isArray(read.value)
        ? Object.keys(read.value)
        : [];
    return labels.length > 0
      ? pass(`resource_labels has ${labels.length} label(s).`)
      : fail('resource_labels is empty.');
  },
);

export const gkeGoogleGroupsRbac = resourceRule(
  {
    id: 'GW-GCP-084',
    title: 'GKE clusters accept Google Groups in RBAC bindings',
    severity: 'low',
    resourceTypes: CLUSTER,
    rationale:
      'With Google Groups for RBAC, cluster access follows group membership managed in one place; ' +
      'without it every person needs their own binding, which outlives their role.',
    remediation: {
      text: 'Set authenticator_groups_config.security_group to gke-security-groups@<your domain>.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  authenticator_groups_config {\n    security_group = "gke-security-groups@example.com"\n  }\n}',
    },
    references: { checkov: ['CKV_GCP_65'], docs: [CLUSTER_DOCS] },
  },
  (c, ctx) => {
    const read = ctx.read(c, [
      'authenticator_groups_config',
      0,
      'security_group',
    ]);
    if (read.state === 'unknown')
      return read.configured
        ? hiddenUntilApply('authenticator_groups_config.security_group')
        : fail('authenticator_groups_config.security_group is not set.');
    return typeof read.value === 'string' && read.value !== ''
      ? pass(`authenticator_groups_config.security_group is ${read.value}.`)
      : fail('authenticator_groups_config.security_group is not set.');
  },
);
