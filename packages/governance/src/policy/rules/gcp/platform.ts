import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  unknown,
  pass,
  resourceRule,
} from '../helpers';
import { asStringList } from '../../../plan/values';
import { expectTrueByDefault } from './support';

const DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/';

/** Cipher suites without forward secrecy or with 3DES/CBC that CUSTOM profiles must leave out. */
const WEAK_FEATURES = [
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
];

export const gcpSslPolicyStrong = resourceRule(
  {
    id: 'GW-GCP-070',
    title: 'Load balancer SSL policies require TLS 1.2 and strong ciphers',
    severity: 'medium',
    resourceTypes: ['google_compute_ssl_policy'],
    rationale:
      'The COMPATIBLE profile and TLS 1.0/1.1 accept ciphers with known weaknesses, which lets a ' +
      'network attacker downgrade connections to the load balancer.',
    remediation: {
      text: 'Use profile MODERN with min_tls_version TLS_1_2, or RESTRICTED.',
      terraform:
        'resource "google_compute_ssl_policy" "strong" {\n  name            = "strong-tls"\n  profile         = "MODERN"\n  min_tls_version = "TLS_1_2"\n}',
    },
    references: {
      checkov: ['CKV_GCP_4'],
      cis: ['CIS GCP Foundations v2.0.0 3.9'],
      docs: [`${DOCS}compute_ssl_policy`],
    },
  },
  (policy, ctx) => {
    const profile = ctx.read(policy, ['profile']);
    const minTls = ctx.read(policy, ['min_tls_version']);
    if (profile.state === 'unknown' && profile.configured)
      return hiddenUntilApply('profile');
    if (minTls.state === 'unknown' && minTls.configured)
      return hiddenUntilApply('min_tls_version');
    // The API defaults are COMPATIBLE and TLS_1_0.
    const p =
      profile.state === 'known' && typeof profile.value === 'string'
        ? profile.value
        : 'COMPATIBLE';
    const tls =
      minTls.state === 'known' && typeof minTls.value === 'string'
        ? minTls.value
        : 'TLS_1_0';
    if (p === 'RESTRICTED') return pass('profile is RESTRICTED.');
    if (tls !== 'TLS_1_2' && tls !== 'TLS_1_3')
      return fail(`min_tls_version is ${tls}; set it to TLS_1_2.`);
    if (p === 'MODERN')
      return pass('profile is MODERN with min_tls_version TLS_1_2.');
    if (p === 'CUSTOM') {
      const weak = asStringList(policy.after?.custom_features).filter(f =>
        WEAK_FEATURES.includes(f),
      );
      return weak.length > 0
        ? fail(`custom_features include weak ciphers: ${weak.join(', ')}.`)
        : pass('custom_features include no weak cipher.');
    }
    return fail(`profile is ${p}; use MODERN or RESTRICTED.`);
  },
);

export const gkeContainerOptimizedOs = resourceRule(
  {
    id: 'GW-GCP-071',
    title: 'GKE node pools run Container-Optimized OS',
    severity: 'low',
    resourceTypes: ['google_container_node_pool'],
    rationale:
      'Container-Optimized OS has a read-only root file system, a minimal package set and ' +
      'automatic security updates; general-purpose images give an attacker more to work with.',
    remediation: {
      text: 'Set node_config.image_type = "COS_CONTAINERD" (or leave it out: it is the default).',
      terraform:
        'resource "google_container_node_pool" "main" {\n  # ...\n  node_config {\n    image_type = "COS_CONTAINERD"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_22'],
      docs: [`${DOCS}container_node_pool`],
    },
  },
  (p, ctx) =>
    expectAttribute(ctx, p, ['node_config', 0, 'image_type'], {
      label: 'node_config.image_type',
      compliant: v =>
        v === null ||
        (typeof v === 'string' && v.toUpperCase().startsWith('COS')),
      passMessage: 'node_config.image_type is Container-Optimized OS',
      failMessage:
        'node_config.image_type is not a COS image; use COS_CONTAINERD',
      providerDefault: 'COS_CONTAINERD',
    }),
);

export const gkeVpcNative = resourceRule(
  {
    id: 'GW-GCP-072',
    title: 'GKE clusters are VPC-native (alias IP ranges)',
    severity: 'low',
    resourceTypes: ['google_container_cluster'],
    rationale:
      'VPC-native clusters give pods VPC addresses that firewall rules, flow logs and private ' +
      'services understand; route-based clusters hide pod traffic behind node addresses.',
    remediation: {
      text: 'Set networking_mode = "VPC_NATIVE" with an ip_allocation_policy.',
      terraform:
        'resource "google_container_cluster" "main" {\n  # ...\n  networking_mode = "VPC_NATIVE"\n  ip_allocation_policy {\n    cluster_secondary_range_name  = "pods"\n    services_secondary_range_name = "services"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_23'],
      docs: [`${DOCS}container_cluster`],
    },
  },
  (c, ctx) =>
    expectAttribute(ctx, c, ['networking_mode'], {
      label: 'networking_mode',
      compliant: v => v === null || v === 'VPC_NATIVE',
      passMessage: 'networking_mode is VPC_NATIVE',
      failMessage: 'networking_mode is ROUTES; set it to VPC_NATIVE',
      // The provider creates new clusters VPC-native unless told otherwise.
      providerDefault: 'VPC_NATIVE',
    }),
);

export const spannerDeletionProtection = resourceRule(
  {
    id: 'GW-GCP-073',
    title: 'Spanner databases keep Terraform deletion protection on',
    severity: 'medium',
    resourceTypes: ['google_spanner_database'],
    productionOnly: true,
    rationale:
      'A renamed or removed resource block makes Terraform drop the database with its data; ' +
      'deletion_protection turns that into a failed apply.',
    remediation: {
      text: 'Leave deletion_protection at true (its default) and enable drop protection too.',
      terraform:
        'resource "google_spanner_database" "main" {\n  instance               = google_spanner_instance.main.name\n  name                   = "main"\n  deletion_protection    = true\n  enable_drop_protection = true\n}',
    },
    references: {
      checkov: ['CKV_GCP_119'],
      docs: [`${DOCS}spanner_database`],
    },
  },
  (db, ctx) =>
    expectTrueByDefault(
      ctx,
      db,
      ['deletion_protection'],
      'deletion_protection',
      'Deletion protection',
    ),
);

export const spannerDropProtection = resourceRule(
  {
    id: 'GW-GCP-074',
    title: 'Spanner databases enable drop protection',
    severity: 'medium',
    resourceTypes: ['google_spanner_database'],
    productionOnly: true,
    rationale:
      "Terraform's deletion_protection guards only Terraform; drop protection makes Spanner itself " +
      'refuse to drop the database, from the console, gcloud or any other client.',
    remediation: {
      text: 'Set enable_drop_protection = true.',
      terraform:
        'resource "google_spanner_database" "main" {\n  # ...\n  enable_drop_protection = true\n}',
    },
    references: {
      checkov: ['CKV_GCP_120'],
      docs: [`${DOCS}spanner_database`],
    },
  },
  (db, ctx) =>
    expectTrue(ctx, db, ['enable_drop_protection'], 'Drop protection'),
);

export const bigtableDeletionProtection = resourceRule(
  {
    id: 'GW-GCP-075',
    title: 'Bigtable instances keep deletion protection on',
    severity: 'medium',
    resourceTypes: ['google_bigtable_instance'],
    productionOnly: true,
    rationale:
      'Deleting a Bigtable instance deletes every table in it at once; deletion protection makes ' +
      'Terraform refuse.',
    remediation: {
      text: 'Leave deletion_protection at true (its default).',
      terraform:
        'resource "google_bigtable_instance" "main" {\n  name                = "main"\n  deletion_protection = true\n  cluster {\n    cluster_id = "main-c1"\n    zone       = "europe-west1-b"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_122'],
      docs: [`${DOCS}bigtable_instance`],
    },
  },
  (db, ctx) =>
    expectTrueByDefault(
      ctx,
      db,
      ['deletion_protection'],
      'deletion_protection',
      'Deletion protection',
    ),
);

export const dataprocInternalIpOnly = resourceRule(
  {
    id: 'GW-GCP-076',
    title: 'Dataproc clusters have no public IP addresses',
    severity: 'high',
    resourceTypes: ['google_dataproc_cluster'],
    rationale:
      'Dataproc nodes run YARN, Spark and Jupyter web interfaces; with public IPs a single firewall ' +
      'mistake exposes them, and they have been mass-exploited for crypto mining.',
    remediation: {
      text: 'Set cluster_config.gce_cluster_config.internal_ip_only = true (with Private Google Access on the subnet).',
      terraform:
        'resource "google_dataproc_cluster" "etl" {\n  name   = "etl"\n  region = "europe-west1"\n  cluster_config {\n    gce_cluster_config {\n      subnetwork       = google_compute_subnetwork.data.id\n      internal_ip_only = true\n    }\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_103'],
      docs: [`${DOCS}dataproc_cluster`],
    },
  },
  (cluster, ctx) => {
    const path = [
      'cluster_config',
      0,
      'gce_cluster_config',
      0,
      'internal_ip_only',
    ];
    const read = ctx.read(cluster, path);
    const label = 'cluster_config.gce_cluster_config.internal_ip_only';
    if (read.state === 'known' && read.value !== null)
      return read.value === true
        ? pass(`${label} is true.`)
        : fail(`${label} is false: nodes get public IPs.`);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply(label);
    // Dataproc picks the default by image version (2.2 and later: internal only).
    return unknown(
      `${label} is not set, so the default of the image version decides; set it to true.`,
    );
  },
);

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
/** Claims that name a repository or an owner GitHub controls. */
const GITHUB_SCOPING_CLAIMS = [
  'assertion.repository',
  'assertion.repository_id',
  'assertion.repository_owner',
  'assertion.repository_owner_id',
  'assertion.sub',
];

export const workloadIdentityProviderCondition = resourceRule(
  {
    id: 'GW-GCP-077',
    title:
      'Workload identity pool providers restrict which external identities may sign in',
    severity: 'critical',
    resourceTypes: ['google_iam_workload_identity_pool_provider'],
    rationale:
      'Without an attribute condition, any identity the issuer vouches for can exchange its token: ' +
      'for GitHub that is every workflow in every repository on github.com.',
    remediation: {
      text: 'Set attribute_condition to the repository or organization allowed to authenticate.',
      terraform:
        'resource "google_iam_workload_identity_pool_provider" "github" {\n  workload_identity_pool_id          = google_iam_workload_identity_pool.ci.workload_identity_pool_id\n  workload_identity_pool_provider_id = "github"\n  attribute_mapping = {\n    "google.subject"             = "assertion.sub"\n    "attribute.repository"       = "assertion.repository"\n  }\n  attribute_condition = "assertion.repository_owner == \\"acme\\""\n  oidc {\n    issuer_uri = "https://token.actions.githubusercontent.com"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_118', 'CKV_GCP_125'],
      docs: [`${DOCS}iam_workload_identity_pool_provider`],
    },
  },
  (provider, ctx) => {
    const read = ctx.read(provider, ['attribute_condition']);
    if (read.state === 'unknown')
      return hiddenUntilApply('attribute_condition');
    const condition = typeof read.value === 'string' ? read.value.trim() : '';
    if (condition === '')
      return fail(
        'attribute_condition is not set: any identity from the issuer can sign in.',
      );
    const issuer = ctx.read(provider, ['oidc', 0, 'issuer_uri']);
    const github =
      issuer.state === 'known' &&
      typeof issuer.value === 'string' &&
      issuer.value.replace(/\/$/, '') === GITHUB_ISSUER;
    if (github && !GITHUB_SCOPING_CLAIMS.some(c => condition.includes(c)))
      return fail(
        'attribute_condition does not name a repository or owner (assertion.repository, assertion.repository_owner or assertion.sub): any GitHub repository can sign in.',
      );
    return pass('attribute_condition restricts who can sign in.');
  },
);
