import { addressOf, planOf, ResourceSpec } from '../../../__testUtils__/plans';
import type { JsonObject } from '../../../plan/types';
import CATALOGUE from '../../checkov/checkov-catalogue.json';
import { evaluatePlan } from '../../evaluate';
import type { Verdict } from '../../types';
import { GCP_RULES } from './index';

function verdict(
  spec: ResourceSpec,
  ruleId: string,
  environment = 'prod',
): { verdict: Verdict; message: string } {
  const f = evaluatePlan(planOf([spec]), {
    environment,
    now: new Date('2026-12-01T00:00:00Z'),
  }).findings.find(x => x.ruleId === ruleId && x.address === addressOf(spec));
  if (!f) throw new Error(`no ${ruleId} finding for ${addressOf(spec)}`);
  return { verdict: f.verdict, message: f.message };
}

/** An attribute set from a variable, as `terraform show -json` shows it. */
const fromVar = { references: ['var.x'] };

interface Case {
  rule: string;
  name: string;
  spec: ResourceSpec;
  verdict: Verdict;
  /** Text the message must contain (usually the attribute's name). */
  says?: string;
  environment?: string;
}

const sql = (
  version: string,
  settings: JsonObject,
  extra: Partial<ResourceSpec> = {},
): ResourceSpec => ({
  type: 'google_sql_database_instance',
  after: { database_version: version, settings: [settings] },
  ...extra,
});
const flags = (version: string, ...pairs: Array<[string, string]>) =>
  sql(version, {
    database_flags: pairs.map(([name, value]) => ({ name, value })),
  });

const cluster = (after: JsonObject, extra: Partial<ResourceSpec> = {}) => ({
  type: 'google_container_cluster',
  after,
  ...extra,
});
const pool = (after: JsonObject, extra: Partial<ResourceSpec> = {}) => ({
  type: 'google_container_node_pool',
  after,
  ...extra,
});
const vm = (after: JsonObject, extra: Partial<ResourceSpec> = {}) => ({
  type: 'google_compute_instance',
  after,
  ...extra,
});
const firewall = (sources: string[], ports: string[]): ResourceSpec => ({
  type: 'google_compute_firewall',
  after: {
    direction: 'INGRESS',
    source_ranges: sources,
    allow: [{ protocol: 'tcp', ports }],
  },
});
const grant = (type: string, role: string, member: string): ResourceSpec => ({
  type,
  after: type.endsWith('_binding')
    ? { role, members: [member] }
    : { role, member },
});

const CASES: Case[] = [
  // GW-GCP-009 SSL
  {
    rule: 'GW-GCP-009',
    name: 'ENCRYPTED_ONLY',
    spec: sql('POSTGRES_16', {
      ip_configuration: [{ ssl_mode: 'ENCRYPTED_ONLY' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-009',
    name: 'plaintext allowed',
    spec: sql('POSTGRES_16', {
      ip_configuration: [{ ssl_mode: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED' }],
    }),
    verdict: 'fail',
    says: 'ssl_mode',
  },
  {
    rule: 'GW-GCP-009',
    name: 'unset: API default allows plaintext',
    spec: sql('POSTGRES_16', {}),
    verdict: 'fail',
    says: 'ALLOW_UNENCRYPTED_AND_ENCRYPTED',
  },
  {
    rule: 'GW-GCP-009',
    name: 'provider v5 require_ssl',
    spec: sql('MYSQL_8_0', { ip_configuration: [{ require_ssl: true }] }),
    verdict: 'pass',
    says: 'require_ssl',
  },
  {
    rule: 'GW-GCP-009',
    name: 'from a variable',
    spec: sql(
      'POSTGRES_16',
      { ip_configuration: [{}] },
      {
        unknown: { settings: [{ ip_configuration: [{ ssl_mode: true }] }] },
        config: { settings: [{ ip_configuration: [{ ssl_mode: fromVar }] }] },
      },
    ),
    verdict: 'unknown',
    says: 'ssl_mode',
  },
  // GW-GCP-010 public IP
  {
    rule: 'GW-GCP-010',
    name: 'private only',
    spec: sql('POSTGRES_16', { ip_configuration: [{ ipv4_enabled: false }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-010',
    name: 'public IP',
    spec: sql('POSTGRES_16', { ip_configuration: [{ ipv4_enabled: true }] }),
    verdict: 'fail',
    says: 'ipv4_enabled',
  },
  {
    rule: 'GW-GCP-010',
    name: 'computed, not configured: default is public',
    spec: sql(
      'POSTGRES_16',
      { ip_configuration: [{}] },
      {
        unknown: { settings: [{ ip_configuration: [{ ipv4_enabled: true }] }] },
      },
    ),
    verdict: 'fail',
    says: 'provider default',
  },
  // GW-GCP-011 backups
  {
    rule: 'GW-GCP-011',
    name: 'enabled',
    spec: sql('POSTGRES_16', { backup_configuration: [{ enabled: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-011',
    name: 'disabled',
    spec: sql('POSTGRES_16', { backup_configuration: [{ enabled: false }] }),
    verdict: 'fail',
    says: 'backup_configuration.enabled',
  },
  {
    rule: 'GW-GCP-011',
    name: 'dev',
    spec: sql('POSTGRES_16', { backup_configuration: [{ enabled: false }] }),
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-GCP-011',
    name: 'read replica',
    spec: {
      type: 'google_sql_database_instance',
      after: {
        database_version: 'POSTGRES_16',
        master_instance_name: 'main',
        settings: [{}],
      },
    },
    verdict: 'not-applicable',
    says: 'replica',
  },
  // Database flags
  {
    rule: 'GW-GCP-012',
    name: 'local_infile off',
    spec: flags('MYSQL_5_7', ['local_infile', 'off']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-012',
    name: 'local_infile on',
    spec: flags('MYSQL_8_0', ['local_infile', 'on']),
    verdict: 'fail',
    says: 'local_infile',
  },
  {
    rule: 'GW-GCP-012',
    name: 'MySQL 5.7 default is on',
    spec: flags('MYSQL_5_7'),
    verdict: 'fail',
    says: 'engine default on',
  },
  {
    rule: 'GW-GCP-012',
    name: 'MySQL 8 default is off',
    spec: flags('MYSQL_8_0'),
    verdict: 'pass',
    says: 'engine default',
  },
  {
    rule: 'GW-GCP-012',
    name: 'PostgreSQL',
    spec: flags('POSTGRES_16'),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-013',
    name: 'log_connections on',
    spec: flags('POSTGRES_16', ['log_connections', 'on']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-013',
    name: 'log_connections unset',
    spec: flags('POSTGRES_16', ['log_lock_waits', 'on']),
    verdict: 'fail',
    says: 'log_connections',
  },
  {
    rule: 'GW-GCP-013',
    name: 'flags from a variable',
    spec: sql(
      'POSTGRES_16',
      {},
      {
        unknown: { settings: [{ database_flags: true }] },
        config: { settings: [{ database_flags: fromVar }] },
      },
    ),
    verdict: 'unknown',
    says: 'database_flags',
  },
  {
    rule: 'GW-GCP-013',
    name: 'version hidden',
    spec: {
      type: 'google_sql_database_instance',
      after: { settings: [{}] },
      unknown: { database_version: true },
      config: { database_version: fromVar },
    },
    verdict: 'unknown',
    says: 'database_version',
  },
  {
    rule: 'GW-GCP-014',
    name: 'log_disconnections on',
    spec: flags('POSTGRES_15', ['log_disconnections', 'on']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-014',
    name: 'log_disconnections off',
    spec: flags('POSTGRES_15', ['log_disconnections', 'off']),
    verdict: 'fail',
    says: 'log_disconnections',
  },
  {
    rule: 'GW-GCP-015',
    name: 'log_statement ddl',
    spec: flags('POSTGRES_16', ['log_statement', 'ddl']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-015',
    name: 'log_statement none',
    spec: flags('POSTGRES_16', ['log_statement', 'none']),
    verdict: 'fail',
    says: 'log_statement',
  },
  {
    rule: 'GW-GCP-015',
    name: 'log_statement default',
    spec: flags('POSTGRES_16'),
    verdict: 'fail',
    says: 'engine default none',
  },
  {
    rule: 'GW-GCP-016',
    name: 'default -1',
    spec: flags('POSTGRES_16'),
    verdict: 'pass',
    says: 'engine default',
  },
  {
    rule: 'GW-GCP-016',
    name: 'logs slow statements',
    spec: flags('POSTGRES_16', ['log_min_duration_statement', '500']),
    verdict: 'fail',
    says: 'log_min_duration_statement',
  },
  {
    rule: 'GW-GCP-017',
    name: 'pgaudit on',
    spec: flags('POSTGRES_16', ['cloudsql.enable_pgaudit', 'on']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-017',
    name: 'pgaudit unset',
    spec: flags('POSTGRES_16'),
    verdict: 'fail',
    says: 'cloudsql.enable_pgaudit',
  },
  {
    rule: 'GW-GCP-018',
    name: 'lock waits on',
    spec: flags('POSTGRES_16', ['log_lock_waits', 'on']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-018',
    name: 'lock waits unset',
    spec: flags('POSTGRES_16'),
    verdict: 'fail',
    says: 'log_lock_waits',
  },
  {
    rule: 'GW-GCP-019',
    name: 'PostgreSQL 15 default on',
    spec: flags('POSTGRES_15'),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-019',
    name: 'PostgreSQL 14 default off',
    spec: flags('POSTGRES_14'),
    verdict: 'fail',
    says: 'log_checkpoints',
  },
  {
    rule: 'GW-GCP-019',
    name: 'explicit off',
    spec: flags('POSTGRES_16', ['log_checkpoints', 'off']),
    verdict: 'fail',
    says: 'log_checkpoints',
  },
  {
    rule: 'GW-GCP-020',
    name: 'chaining on',
    spec: flags('SQLSERVER_2022_STANDARD', [
      'cross db ownership chaining',
      'on',
    ]),
    verdict: 'fail',
    says: 'cross db ownership chaining',
  },
  {
    rule: 'GW-GCP-020',
    name: 'default off',
    spec: flags('SQLSERVER_2022_STANDARD'),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-020',
    name: 'MySQL',
    spec: flags('MYSQL_8_0'),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-021',
    name: 'contained auth on',
    spec: flags('SQLSERVER_2019_STANDARD', [
      'contained database authentication',
      'on',
    ]),
    verdict: 'fail',
    says: 'contained database authentication',
  },
  {
    rule: 'GW-GCP-021',
    name: 'contained auth off',
    spec: flags('SQLSERVER_2019_STANDARD', [
      'contained database authentication',
      'off',
    ]),
    verdict: 'pass',
  },
  // GKE
  {
    rule: 'GW-GCP-022',
    name: 'private nodes',
    spec: cluster({ private_cluster_config: [{ enable_private_nodes: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-022',
    name: 'no private_cluster_config',
    spec: cluster({ private_cluster_config: [] }),
    verdict: 'fail',
    says: 'enable_private_nodes',
  },
  {
    rule: 'GW-GCP-023',
    name: 'ABAC on',
    spec: cluster({ enable_legacy_abac: true }),
    verdict: 'fail',
    says: 'enable_legacy_abac',
  },
  {
    rule: 'GW-GCP-023',
    name: 'ABAC off',
    spec: cluster({ enable_legacy_abac: false }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-024',
    name: 'client cert issued',
    spec: cluster({
      master_auth: [
        { client_certificate_config: [{ issue_client_certificate: true }] },
      ],
    }),
    verdict: 'fail',
    says: 'issue_client_certificate',
  },
  {
    rule: 'GW-GCP-024',
    name: 'no client cert',
    spec: cluster({
      master_auth: [
        { client_certificate_config: [{ issue_client_certificate: false }] },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-025',
    name: 'Dataplane V2',
    spec: cluster({
      datapath_provider: 'ADVANCED_DATAPATH',
      network_policy: [],
    }),
    verdict: 'pass',
    says: 'ADVANCED_DATAPATH',
  },
  {
    rule: 'GW-GCP-025',
    name: 'Calico policy',
    spec: cluster({
      datapath_provider: 'LEGACY_DATAPATH',
      network_policy: [{ enabled: true, provider: 'CALICO' }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-025',
    name: 'no policy',
    spec: cluster({ datapath_provider: 'LEGACY_DATAPATH', network_policy: [] }),
    verdict: 'fail',
    says: 'network_policy.enabled',
  },
  {
    rule: 'GW-GCP-025',
    name: 'Autopilot',
    spec: cluster({ enable_autopilot: true }),
    verdict: 'pass',
    says: 'Autopilot',
  },
  {
    rule: 'GW-GCP-026',
    name: 'pool GKE_METADATA',
    spec: pool({
      node_config: [{ workload_metadata_config: [{ mode: 'GKE_METADATA' }] }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-026',
    name: 'pool GCE_METADATA',
    spec: pool({
      node_config: [{ workload_metadata_config: [{ mode: 'GCE_METADATA' }] }],
    }),
    verdict: 'fail',
    says: 'workload_metadata_config.mode',
  },
  {
    rule: 'GW-GCP-026',
    name: 'pool unset: depends on its cluster',
    spec: pool({ node_config: [{}] }),
    verdict: 'unknown',
    says: 'workload_metadata_config.mode',
  },
  {
    rule: 'GW-GCP-026',
    name: 'cluster with Workload Identity',
    spec: cluster({
      workload_identity_config: [{ workload_pool: 'acme.svc.id.goog' }],
      node_config: [{}],
    }),
    verdict: 'pass',
    says: 'Workload Identity',
  },
  {
    rule: 'GW-GCP-026',
    name: 'cluster without Workload Identity',
    spec: cluster({ workload_identity_config: [], node_config: [{}] }),
    verdict: 'fail',
    says: 'workload_identity_config',
  },
  {
    rule: 'GW-GCP-026',
    name: 'default pool removed',
    spec: cluster({ remove_default_node_pool: true }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-027',
    name: 'secure boot',
    spec: pool({
      node_config: [
        { shielded_instance_config: [{ enable_secure_boot: true }] },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-027',
    name: 'secure boot off',
    spec: pool({
      node_config: [
        { shielded_instance_config: [{ enable_secure_boot: false }] },
      ],
    }),
    verdict: 'fail',
    says: 'enable_secure_boot',
  },
  {
    rule: 'GW-GCP-027',
    name: 'Autopilot',
    spec: cluster({ enable_autopilot: true }),
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-028',
    name: 'integrity off',
    spec: pool({
      node_config: [
        { shielded_instance_config: [{ enable_integrity_monitoring: false }] },
      ],
    }),
    verdict: 'fail',
    says: 'enable_integrity_monitoring',
  },
  {
    rule: 'GW-GCP-028',
    name: 'integrity default',
    spec: pool({ node_config: [{}] }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-029',
    name: 'shielded nodes off',
    spec: cluster({ enable_shielded_nodes: false }),
    verdict: 'fail',
    says: 'enable_shielded_nodes',
  },
  {
    rule: 'GW-GCP-029',
    name: 'shielded nodes computed',
    spec: cluster({}, { unknown: { enable_shielded_nodes: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-030',
    name: 'UNSPECIFIED',
    spec: cluster({ release_channel: [{ channel: 'UNSPECIFIED' }] }),
    verdict: 'fail',
    says: 'release_channel.channel',
  },
  {
    rule: 'GW-GCP-030',
    name: 'STABLE',
    spec: cluster({ release_channel: [{ channel: 'STABLE' }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-030',
    name: 'computed default',
    spec: cluster({}, { unknown: { release_channel: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-031',
    name: 'auto-upgrade off',
    spec: pool({ management: [{ auto_upgrade: false, auto_repair: true }] }),
    verdict: 'fail',
    says: 'management.auto_upgrade',
  },
  {
    rule: 'GW-GCP-031',
    name: 'management computed',
    spec: pool({}, { unknown: { management: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-032',
    name: 'auto-repair off',
    spec: pool({ management: [{ auto_upgrade: true, auto_repair: false }] }),
    verdict: 'fail',
    says: 'management.auto_repair',
  },
  {
    rule: 'GW-GCP-032',
    name: 'auto-repair on',
    spec: pool({ management: [{ auto_upgrade: true, auto_repair: true }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-032',
    name: 'auto-repair off in dev',
    spec: pool({ management: [{ auto_repair: false }] }),
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-GCP-033',
    name: 'logging none',
    spec: cluster({ logging_service: 'none' }),
    verdict: 'fail',
    says: 'logging_service',
  },
  {
    rule: 'GW-GCP-033',
    name: 'logging default',
    spec: cluster({}, { unknown: { logging_service: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-034',
    name: 'monitoring none',
    spec: cluster({ monitoring_service: 'none' }),
    verdict: 'fail',
    says: 'monitoring_service',
  },
  {
    rule: 'GW-GCP-034',
    name: 'monitoring on',
    spec: cluster({
      monitoring_service: 'monitoring.googleapis.com/kubernetes',
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-035',
    name: 'no authorized networks',
    spec: cluster({ master_authorized_networks_config: [] }),
    verdict: 'fail',
    says: 'master_authorized_networks_config',
  },
  {
    rule: 'GW-GCP-035',
    name: 'authorized 0.0.0.0/0',
    spec: cluster({
      master_authorized_networks_config: [
        { cidr_blocks: [{ cidr_block: '0.0.0.0/0' }] },
      ],
    }),
    verdict: 'fail',
    says: '0.0.0.0/0',
  },
  {
    rule: 'GW-GCP-035',
    name: 'VPN range',
    spec: cluster({
      master_authorized_networks_config: [
        { cidr_blocks: [{ cidr_block: '10.10.0.0/16' }] },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-035',
    name: 'private endpoint',
    spec: cluster({
      private_cluster_config: [{ enable_private_endpoint: true }],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-036',
    name: 'enforced',
    spec: cluster({
      binary_authorization: [
        { evaluation_mode: 'PROJECT_SINGLETON_POLICY_ENFORCE' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-036',
    name: 'disabled',
    spec: cluster({ binary_authorization: [{ evaluation_mode: 'DISABLED' }] }),
    verdict: 'fail',
    says: 'evaluation_mode',
  },
  {
    rule: 'GW-GCP-037',
    name: 'intranode on',
    spec: cluster({ enable_intranode_visibility: true }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-037',
    name: 'intranode off',
    spec: cluster({ enable_intranode_visibility: false }),
    verdict: 'fail',
    says: 'enable_intranode_visibility',
  },
  // Compute Engine
  {
    rule: 'GW-GCP-038',
    name: 'serial port on',
    spec: vm({ metadata: { 'serial-port-enable': 'TRUE' } }),
    verdict: 'fail',
    says: 'serial-port-enable',
  },
  {
    rule: 'GW-GCP-038',
    name: 'no metadata',
    spec: vm({ metadata: null }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-038',
    name: 'metadata from a variable',
    spec: vm(
      {},
      { unknown: { metadata: true }, config: { metadata: fromVar } },
    ),
    verdict: 'unknown',
    says: 'metadata',
  },
  {
    rule: 'GW-GCP-039',
    name: 'forwarding',
    spec: vm({ can_ip_forward: true }),
    verdict: 'fail',
    says: 'can_ip_forward',
  },
  {
    rule: 'GW-GCP-039',
    name: 'no forwarding',
    spec: vm({ can_ip_forward: false }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-040',
    name: 'OS Login off',
    spec: vm({ metadata: { 'enable-oslogin': 'false' } }),
    verdict: 'fail',
    says: 'enable-oslogin',
  },
  {
    rule: 'GW-GCP-040',
    name: 'inherits project',
    spec: vm({ metadata: {} }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-041',
    name: 'project OS Login',
    spec: {
      type: 'google_compute_project_metadata',
      after: { metadata: { 'enable-oslogin': 'TRUE' } },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-041',
    name: 'project without OS Login',
    spec: {
      type: 'google_compute_project_metadata',
      after: { metadata: { foo: 'bar' } },
    },
    verdict: 'fail',
    says: 'enable-oslogin',
  },
  {
    rule: 'GW-GCP-042',
    name: 'MySQL open',
    spec: firewall(['0.0.0.0/0'], ['3306']),
    verdict: 'fail',
    says: '3306',
  },
  {
    rule: 'GW-GCP-042',
    name: 'range covers PostgreSQL',
    spec: firewall(['0.0.0.0/0'], ['5000-6000']),
    verdict: 'fail',
    says: '5432',
  },
  {
    rule: 'GW-GCP-042',
    name: 'MySQL from the app subnet',
    spec: firewall(['10.20.0.0/16'], ['3306']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-043',
    name: 'FTP open',
    spec: firewall(['0.0.0.0/0'], ['21']),
    verdict: 'fail',
    says: '21',
  },
  {
    rule: 'GW-GCP-043',
    name: 'HTTPS only',
    spec: firewall(['0.0.0.0/0'], ['443']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-044',
    name: 'HTTP open',
    spec: firewall(['0.0.0.0/0'], ['80']),
    verdict: 'fail',
    says: '80',
  },
  {
    rule: 'GW-GCP-044',
    name: 'HTTP from the load balancer',
    spec: firewall(['35.191.0.0/16', '130.211.0.0/22'], ['80']),
    verdict: 'pass',
  },
  // Networks and projects
  {
    rule: 'GW-GCP-045',
    name: 'flow logs',
    spec: {
      type: 'google_compute_subnetwork',
      after: { purpose: 'PRIVATE', log_config: [{ flow_sampling: 0.5 }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-045',
    name: 'no flow logs',
    spec: {
      type: 'google_compute_subnetwork',
      after: { purpose: 'PRIVATE', log_config: [] },
    },
    verdict: 'fail',
    says: 'log_config',
  },
  {
    rule: 'GW-GCP-045',
    name: 'proxy-only subnet',
    spec: {
      type: 'google_compute_subnetwork',
      after: { purpose: 'REGIONAL_MANAGED_PROXY', log_config: [] },
    },
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-046',
    name: 'private access on',
    spec: {
      type: 'google_compute_subnetwork',
      after: { private_ip_google_access: true },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-046',
    name: 'private access off',
    spec: {
      type: 'google_compute_subnetwork',
      after: { private_ip_google_access: false },
    },
    verdict: 'fail',
    says: 'private_ip_google_access',
  },
  {
    rule: 'GW-GCP-047',
    name: 'no default network',
    spec: { type: 'google_project', after: { auto_create_network: false } },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-047',
    name: 'default network',
    spec: { type: 'google_project', after: { auto_create_network: true } },
    verdict: 'fail',
    says: 'auto_create_network',
  },
  // Cloud Storage
  {
    rule: 'GW-GCP-048',
    name: 'enforced',
    spec: {
      type: 'google_storage_bucket',
      after: { public_access_prevention: 'enforced' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-048',
    name: 'inherited',
    spec: {
      type: 'google_storage_bucket',
      after: { public_access_prevention: 'inherited' },
    },
    verdict: 'fail',
    says: 'public_access_prevention',
  },
  {
    rule: 'GW-GCP-048',
    name: 'computed default',
    spec: {
      type: 'google_storage_bucket',
      after: {},
      unknown: { public_access_prevention: true },
    },
    verdict: 'fail',
    says: 'provider default',
  },
  {
    rule: 'GW-GCP-049',
    name: 'versioning on',
    spec: {
      type: 'google_storage_bucket',
      after: { versioning: [{ enabled: true }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-049',
    name: 'versioning off',
    spec: { type: 'google_storage_bucket', after: { versioning: [] } },
    verdict: 'fail',
    says: 'versioning.enabled',
  },
  {
    rule: 'GW-GCP-049',
    name: 'versioning off in dev',
    spec: { type: 'google_storage_bucket', after: { versioning: [] } },
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-GCP-050',
    name: 'logs elsewhere',
    spec: {
      type: 'google_storage_bucket',
      after: { name: 'data', logging: [{ log_bucket: 'logs' }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-050',
    name: 'logs to itself',
    spec: {
      type: 'google_storage_bucket',
      after: { name: 'data', logging: [{ log_bucket: 'data' }] },
    },
    verdict: 'fail',
    says: 'logging.log_bucket',
  },
  {
    rule: 'GW-GCP-050',
    name: 'no logging',
    spec: {
      type: 'google_storage_bucket',
      after: { name: 'data', logging: [] },
    },
    verdict: 'fail',
    says: 'logging',
  },
  // KMS
  {
    rule: 'GW-GCP-051',
    name: '90 days',
    spec: {
      type: 'google_kms_crypto_key',
      after: { purpose: 'ENCRYPT_DECRYPT', rotation_period: '7776000s' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-051',
    name: 'a year',
    spec: {
      type: 'google_kms_crypto_key',
      after: { purpose: 'ENCRYPT_DECRYPT', rotation_period: '31536000s' },
    },
    verdict: 'fail',
    says: 'rotation_period is 365 days',
  },
  {
    rule: 'GW-GCP-051',
    name: 'never',
    spec: {
      type: 'google_kms_crypto_key',
      after: { purpose: 'ENCRYPT_DECRYPT', rotation_period: null },
    },
    verdict: 'fail',
    says: 'rotation_period',
  },
  {
    rule: 'GW-GCP-051',
    name: 'signing key',
    spec: {
      type: 'google_kms_crypto_key',
      after: { purpose: 'ASYMMETRIC_SIGN' },
    },
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-052',
    name: 'public member',
    spec: grant(
      'google_kms_crypto_key_iam_member',
      'roles/cloudkms.cryptoKeyDecrypter',
      'allUsers',
    ),
    verdict: 'fail',
    says: 'allUsers',
  },
  {
    rule: 'GW-GCP-052',
    name: 'named account',
    spec: grant(
      'google_kms_crypto_key_iam_binding',
      'roles/cloudkms.cryptoKeyDecrypter',
      'serviceAccount:app@acme.iam.gserviceaccount.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-052',
    name: 'public in a policy document',
    spec: {
      type: 'google_kms_crypto_key_iam_policy',
      after: {
        policy_data: JSON.stringify({
          bindings: [
            {
              role: 'roles/cloudkms.cryptoKeyDecrypter',
              members: ['allAuthenticatedUsers'],
            },
          ],
        }),
      },
    },
    verdict: 'fail',
    says: 'allAuthenticatedUsers',
  },
  {
    rule: 'GW-GCP-052',
    name: 'policy from a data source',
    spec: {
      type: 'google_kms_crypto_key_iam_policy',
      after: {},
      unknown: { policy_data: true },
      config: { policy_data: fromVar },
    },
    verdict: 'unknown',
    says: 'policy_data',
  },
  // IAM
  {
    rule: 'GW-GCP-053',
    name: 'Editor on a project',
    spec: grant(
      'google_project_iam_member',
      'roles/editor',
      'user:a@example.com',
    ),
    verdict: 'fail',
    says: 'roles/editor',
  },
  {
    rule: 'GW-GCP-053',
    name: 'Owner on a folder',
    spec: grant(
      'google_folder_iam_binding',
      'roles/owner',
      'group:admins@example.com',
    ),
    verdict: 'fail',
    says: 'folder',
  },
  {
    rule: 'GW-GCP-055',
    name: 'custom role this apply creates',
    spec: {
      type: 'google_project_iam_member',
      name: 'velero',
      after: {
        project: 'p',
        member: 'serviceAccount:velero@p.iam.gserviceaccount.com',
      },
      unknown: { role: true },
      config: {
        role: {
          references: [
            'google_project_iam_custom_role.velero.id',
            'google_project_iam_custom_role.velero',
          ],
        },
      },
    },
    verdict: 'pass',
    says: 'custom role google_project_iam_custom_role.velero',
  },
  {
    rule: 'GW-GCP-053',
    name: 'role from a variable known only after apply',
    spec: {
      type: 'google_project_iam_member',
      name: 'hidden',
      after: { project: 'p', member: 'user:a@example.com' },
      unknown: { role: true },
      config: { role: { references: ['var.role'] } },
    },
    verdict: 'unknown',
    says: 'role',
  },
  {
    rule: 'GW-GCP-053',
    name: 'predefined role',
    spec: grant(
      'google_organization_iam_member',
      'roles/run.developer',
      'group:d@example.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-054',
    name: 'token creator on a project',
    spec: grant(
      'google_project_iam_member',
      'roles/iam.serviceAccountTokenCreator',
      'user:a@example.com',
    ),
    verdict: 'fail',
    says: 'project',
  },
  {
    rule: 'GW-GCP-054',
    name: 'SA user on an org',
    spec: grant(
      'google_organization_iam_binding',
      'roles/iam.serviceAccountUser',
      'group:d@example.com',
    ),
    verdict: 'fail',
    says: 'organization',
  },
  {
    rule: 'GW-GCP-054',
    name: 'other role',
    spec: grant(
      'google_project_iam_member',
      'roles/logging.viewer',
      'user:a@example.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-054',
    name: 'role from a variable',
    spec: {
      type: 'google_project_iam_member',
      after: { member: 'user:a@example.com' },
      unknown: { role: true },
      config: { role: fromVar },
    },
    verdict: 'unknown',
    says: 'role',
  },
  {
    rule: 'GW-GCP-055',
    name: 'service account admin',
    spec: grant(
      'google_project_iam_member',
      'roles/storage.admin',
      'serviceAccount:app@acme.iam.gserviceaccount.com',
    ),
    verdict: 'fail',
    says: 'roles/storage.admin',
  },
  {
    rule: 'GW-GCP-055',
    name: 'user admin',
    spec: grant(
      'google_project_iam_member',
      'roles/storage.admin',
      'user:a@example.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-055',
    name: 'service account client',
    spec: grant(
      'google_project_iam_member',
      'roles/cloudsql.client',
      'serviceAccount:app@acme.iam.gserviceaccount.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-056',
    name: 'default compute SA',
    spec: grant(
      'google_project_iam_member',
      'roles/pubsub.subscriber',
      'serviceAccount:123-compute@developer.gserviceaccount.com',
    ),
    verdict: 'fail',
    says: 'default service account',
  },
  {
    rule: 'GW-GCP-056',
    name: 'App Engine SA on a folder',
    spec: grant(
      'google_folder_iam_binding',
      'roles/pubsub.subscriber',
      'serviceAccount:acme@appspot.gserviceaccount.com',
    ),
    verdict: 'fail',
    says: 'appspot',
  },
  {
    rule: 'GW-GCP-056',
    name: 'dedicated SA',
    spec: grant(
      'google_project_iam_member',
      'roles/pubsub.subscriber',
      'serviceAccount:worker@acme.iam.gserviceaccount.com',
    ),
    verdict: 'pass',
  },
  // DNS
  {
    rule: 'GW-GCP-057',
    name: 'DNSSEC on',
    spec: {
      type: 'google_dns_managed_zone',
      after: { visibility: 'public', dnssec_config: [{ state: 'on' }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-057',
    name: 'no DNSSEC',
    spec: {
      type: 'google_dns_managed_zone',
      after: { visibility: 'public', dnssec_config: [] },
    },
    verdict: 'fail',
    says: 'dnssec_config.state',
  },
  {
    rule: 'GW-GCP-057',
    name: 'private zone',
    spec: {
      type: 'google_dns_managed_zone',
      after: { visibility: 'private', dnssec_config: [] },
    },
    verdict: 'not-applicable',
  },
  {
    rule: 'GW-GCP-058',
    name: 'RSASHA1 KSK',
    spec: {
      type: 'google_dns_managed_zone',
      after: {
        dnssec_config: [
          {
            state: 'on',
            default_key_specs: [
              { algorithm: 'rsasha1', key_type: 'keySigning' },
            ],
          },
        ],
      },
    },
    verdict: 'fail',
    says: 'rsasha1',
  },
  {
    rule: 'GW-GCP-058',
    name: 'RSASHA256',
    spec: {
      type: 'google_dns_managed_zone',
      after: {
        dnssec_config: [
          {
            state: 'on',
            default_key_specs: [
              { algorithm: 'rsasha256', key_type: 'keySigning' },
            ],
          },
        ],
      },
    },
    verdict: 'pass',
  },
  // BigQuery
  {
    rule: 'GW-GCP-059',
    name: 'allAuthenticatedUsers',
    spec: {
      type: 'google_bigquery_dataset',
      after: {
        access: [{ role: 'READER', special_group: 'allAuthenticatedUsers' }],
      },
    },
    verdict: 'fail',
    says: 'allAuthenticatedUsers',
  },
  {
    rule: 'GW-GCP-059',
    name: 'allUsers as iam_member',
    spec: {
      type: 'google_bigquery_dataset',
      after: { access: [{ role: 'READER', iam_member: 'allUsers' }] },
    },
    verdict: 'fail',
    says: 'allUsers',
  },
  {
    rule: 'GW-GCP-059',
    name: 'group',
    spec: {
      type: 'google_bigquery_dataset',
      after: {
        access: [
          { role: 'READER', group_by_email: 'a@example.com' },
          { role: 'OWNER', special_group: 'projectOwners' },
        ],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-060',
    name: 'CMEK',
    spec: {
      type: 'google_bigquery_dataset',
      after: {
        default_encryption_configuration: [
          { kms_key_name: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k' },
        ],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-060',
    name: 'key created in the plan',
    spec: {
      type: 'google_bigquery_dataset',
      after: { default_encryption_configuration: [{}] },
      unknown: { default_encryption_configuration: [{ kms_key_name: true }] },
      config: {
        default_encryption_configuration: [
          { kms_key_name: { references: ['google_kms_crypto_key.bq.id'] } },
        ],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-060',
    name: 'Google-managed',
    spec: {
      type: 'google_bigquery_dataset',
      after: { default_encryption_configuration: [] },
    },
    verdict: 'fail',
    says: 'default_encryption_configuration',
  },
  {
    rule: 'GW-GCP-061',
    name: 'protection off',
    spec: {
      type: 'google_bigquery_table',
      after: { deletion_protection: false },
    },
    verdict: 'fail',
    says: 'deletion_protection',
  },
  {
    rule: 'GW-GCP-061',
    name: 'protection on',
    spec: {
      type: 'google_bigquery_table',
      after: { deletion_protection: true },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-061',
    name: 'dev',
    spec: {
      type: 'google_bigquery_table',
      after: { deletion_protection: false },
    },
    verdict: 'not-applicable',
    environment: 'dev',
  },
  // Memorystore
  {
    rule: 'GW-GCP-062',
    name: 'AUTH on',
    spec: { type: 'google_redis_instance', after: { auth_enabled: true } },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-062',
    name: 'AUTH off',
    spec: { type: 'google_redis_instance', after: { auth_enabled: false } },
    verdict: 'fail',
    says: 'auth_enabled',
  },
  {
    rule: 'GW-GCP-063',
    name: 'TLS',
    spec: {
      type: 'google_redis_instance',
      after: { transit_encryption_mode: 'SERVER_AUTHENTICATION' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-063',
    name: 'no TLS',
    spec: {
      type: 'google_redis_instance',
      after: { transit_encryption_mode: 'DISABLED' },
    },
    verdict: 'fail',
    says: 'transit_encryption_mode',
  },
  {
    rule: 'GW-GCP-063',
    name: 'computed default',
    spec: {
      type: 'google_redis_instance',
      after: {},
      unknown: { transit_encryption_mode: true },
    },
    verdict: 'fail',
    says: 'provider default',
  },
  // Cloud Functions
  {
    rule: 'GW-GCP-064',
    name: 'v1 ALLOW_ALL',
    spec: {
      type: 'google_cloudfunctions_function',
      after: { ingress_settings: 'ALLOW_ALL' },
    },
    verdict: 'fail',
    says: 'ingress_settings',
  },
  {
    rule: 'GW-GCP-064',
    name: 'v1 internal',
    spec: {
      type: 'google_cloudfunctions_function',
      after: { ingress_settings: 'ALLOW_INTERNAL_ONLY' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-064',
    name: 'v2 ALLOW_ALL',
    spec: {
      type: 'google_cloudfunctions2_function',
      after: { service_config: [{ ingress_settings: 'ALLOW_ALL' }] },
    },
    verdict: 'fail',
    says: 'service_config.ingress_settings',
  },
  {
    rule: 'GW-GCP-064',
    name: 'v2 behind a load balancer',
    spec: {
      type: 'google_cloudfunctions2_function',
      after: {
        service_config: [{ ingress_settings: 'ALLOW_INTERNAL_AND_GCLB' }],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-065',
    name: 'public v2 invoker',
    spec: grant(
      'google_cloudfunctions2_function_iam_member',
      'roles/cloudfunctions.invoker',
      'allUsers',
    ),
    verdict: 'fail',
    says: 'allUsers',
  },
  {
    rule: 'GW-GCP-065',
    name: 'public table',
    spec: grant(
      'google_bigquery_table_iam_binding',
      'roles/bigquery.dataViewer',
      'allAuthenticatedUsers',
    ),
    verdict: 'fail',
    says: 'allAuthenticatedUsers',
  },
  {
    rule: 'GW-GCP-065',
    name: 'named reader',
    spec: grant(
      'google_artifact_registry_repository_iam_member',
      'roles/artifactregistry.reader',
      'serviceAccount:ci@acme.iam.gserviceaccount.com',
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-065',
    name: 'members from a variable',
    spec: {
      type: 'google_pubsub_topic_iam_binding',
      after: { role: 'roles/pubsub.publisher' },
      unknown: { members: true },
      config: { members: fromVar },
    },
    verdict: 'unknown',
    says: 'members',
  },
  // Further Cloud SQL flags
  {
    rule: 'GW-GCP-066',
    name: 'default warning',
    spec: flags('POSTGRES_16'),
    verdict: 'pass',
    says: 'engine default',
  },
  {
    rule: 'GW-GCP-066',
    name: 'only errors',
    spec: flags('POSTGRES_16', ['log_min_messages', 'error']),
    verdict: 'fail',
    says: 'log_min_messages',
  },
  {
    rule: 'GW-GCP-066',
    name: 'notice',
    spec: flags('POSTGRES_16', ['log_min_messages', 'notice']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-067',
    name: 'panic only',
    spec: flags('POSTGRES_16', ['log_min_error_statement', 'panic']),
    verdict: 'fail',
    says: 'log_min_error_statement',
  },
  {
    rule: 'GW-GCP-067',
    name: 'error',
    spec: flags('POSTGRES_16', ['log_min_error_statement', 'error']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-068',
    name: 'hostname on',
    spec: flags('POSTGRES_16', ['log_hostname', 'on']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-068',
    name: 'hostname default',
    spec: flags('POSTGRES_16'),
    verdict: 'fail',
    says: 'log_hostname',
  },
  {
    rule: 'GW-GCP-069',
    name: 'temp files 0',
    spec: flags('POSTGRES_16', ['log_temp_files', '0']),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-069',
    name: 'temp files over 10 MB',
    spec: flags('POSTGRES_16', ['log_temp_files', '10240']),
    verdict: 'fail',
    says: 'log_temp_files',
  },
  // SSL policies
  {
    rule: 'GW-GCP-070',
    name: 'MODERN TLS 1.2',
    spec: {
      type: 'google_compute_ssl_policy',
      after: { profile: 'MODERN', min_tls_version: 'TLS_1_2' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-070',
    name: 'RESTRICTED',
    spec: {
      type: 'google_compute_ssl_policy',
      after: { profile: 'RESTRICTED', min_tls_version: 'TLS_1_2' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-070',
    name: 'MODERN TLS 1.0',
    spec: {
      type: 'google_compute_ssl_policy',
      after: { profile: 'MODERN', min_tls_version: 'TLS_1_0' },
    },
    verdict: 'fail',
    says: 'min_tls_version',
  },
  {
    rule: 'GW-GCP-070',
    name: 'defaults',
    spec: {
      type: 'google_compute_ssl_policy',
      after: {},
      unknown: { profile: true, min_tls_version: true },
    },
    verdict: 'fail',
    says: 'min_tls_version is TLS_1_0',
  },
  {
    rule: 'GW-GCP-070',
    name: 'COMPATIBLE',
    spec: {
      type: 'google_compute_ssl_policy',
      after: { profile: 'COMPATIBLE', min_tls_version: 'TLS_1_2' },
    },
    verdict: 'fail',
    says: 'profile is COMPATIBLE',
  },
  {
    rule: 'GW-GCP-070',
    name: 'CUSTOM with RSA key exchange',
    spec: {
      type: 'google_compute_ssl_policy',
      after: {
        profile: 'CUSTOM',
        min_tls_version: 'TLS_1_2',
        custom_features: [
          'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
          'TLS_RSA_WITH_AES_128_CBC_SHA',
        ],
      },
    },
    verdict: 'fail',
    says: 'TLS_RSA_WITH_AES_128_CBC_SHA',
  },
  // GKE images and networking
  {
    rule: 'GW-GCP-071',
    name: 'COS',
    spec: pool({ node_config: [{ image_type: 'COS_CONTAINERD' }] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-071',
    name: 'Ubuntu',
    spec: pool({ node_config: [{ image_type: 'UBUNTU_CONTAINERD' }] }),
    verdict: 'fail',
    says: 'node_config.image_type',
  },
  {
    rule: 'GW-GCP-072',
    name: 'routes',
    spec: cluster({ networking_mode: 'ROUTES' }),
    verdict: 'fail',
    says: 'networking_mode',
  },
  {
    rule: 'GW-GCP-072',
    name: 'VPC-native',
    spec: cluster({ networking_mode: 'VPC_NATIVE' }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-072',
    name: 'computed default',
    spec: cluster({}, { unknown: { networking_mode: true } }),
    verdict: 'pass',
    says: 'provider default',
  },
  // Data stores
  {
    rule: 'GW-GCP-073',
    name: 'off',
    spec: {
      type: 'google_spanner_database',
      after: { deletion_protection: false },
    },
    verdict: 'fail',
    says: 'deletion_protection',
  },
  {
    rule: 'GW-GCP-073',
    name: 'on',
    spec: {
      type: 'google_spanner_database',
      after: { deletion_protection: true },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-074',
    name: 'drop protection',
    spec: {
      type: 'google_spanner_database',
      after: { enable_drop_protection: true },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-074',
    name: 'no drop protection',
    spec: {
      type: 'google_spanner_database',
      after: { enable_drop_protection: false },
    },
    verdict: 'fail',
    says: 'enable_drop_protection',
  },
  {
    rule: 'GW-GCP-074',
    name: 'dev',
    spec: {
      type: 'google_spanner_database',
      after: { enable_drop_protection: false },
    },
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-GCP-075',
    name: 'off',
    spec: {
      type: 'google_bigtable_instance',
      after: { deletion_protection: false },
    },
    verdict: 'fail',
    says: 'deletion_protection',
  },
  {
    rule: 'GW-GCP-075',
    name: 'on',
    spec: {
      type: 'google_bigtable_instance',
      after: { deletion_protection: true },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-076',
    name: 'internal only',
    spec: {
      type: 'google_dataproc_cluster',
      after: {
        cluster_config: [{ gce_cluster_config: [{ internal_ip_only: true }] }],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-076',
    name: 'public IPs',
    spec: {
      type: 'google_dataproc_cluster',
      after: {
        cluster_config: [{ gce_cluster_config: [{ internal_ip_only: false }] }],
      },
    },
    verdict: 'fail',
    says: 'internal_ip_only',
  },
  {
    rule: 'GW-GCP-076',
    name: 'unset: image default decides',
    spec: {
      type: 'google_dataproc_cluster',
      after: { cluster_config: [{ gce_cluster_config: [{}] }] },
    },
    verdict: 'unknown',
    says: 'internal_ip_only',
  },
  // Workload identity federation
  {
    rule: 'GW-GCP-077',
    name: 'GitHub owner condition',
    spec: {
      type: 'google_iam_workload_identity_pool_provider',
      after: {
        attribute_condition: 'assertion.repository_owner == "acme"',
        oidc: [{ issuer_uri: 'https://token.actions.githubusercontent.com' }],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-077',
    name: 'no condition',
    spec: {
      type: 'google_iam_workload_identity_pool_provider',
      after: {
        attribute_condition: null,
        oidc: [{ issuer_uri: 'https://token.actions.githubusercontent.com' }],
      },
    },
    verdict: 'fail',
    says: 'attribute_condition',
  },
  {
    rule: 'GW-GCP-077',
    name: 'GitHub condition on the branch only',
    spec: {
      type: 'google_iam_workload_identity_pool_provider',
      after: {
        attribute_condition: 'assertion.ref == "refs/heads/main"',
        oidc: [{ issuer_uri: 'https://token.actions.githubusercontent.com' }],
      },
    },
    verdict: 'fail',
    says: 'any GitHub repository',
  },
  {
    rule: 'GW-GCP-077',
    name: 'other issuer with a condition',
    spec: {
      type: 'google_iam_workload_identity_pool_provider',
      after: {
        attribute_condition: 'assertion.aud == "prod"',
        oidc: [{ issuer_uri: 'https://gitlab.com' }],
      },
    },
    verdict: 'pass',
  },
  // Customer-managed keys
  {
    rule: 'GW-GCP-078',
    name: 'topic with a key',
    spec: {
      type: 'google_pubsub_topic',
      after: {
        kms_key_name: 'projects/p/locations/eu/keyRings/r/cryptoKeys/k',
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-078',
    name: 'topic without a key',
    spec: { type: 'google_pubsub_topic', after: { kms_key_name: null } },
    verdict: 'fail',
    says: 'kms_key_name',
  },
  {
    rule: 'GW-GCP-078',
    name: 'topic without a key in dev',
    spec: { type: 'google_pubsub_topic', after: { kms_key_name: null } },
    verdict: 'not-applicable',
    environment: 'dev',
  },
  {
    rule: 'GW-GCP-078',
    name: 'boot disk key from this plan',
    spec: vm(
      { boot_disk: [{}] },
      {
        unknown: { boot_disk: [{ kms_key_self_link: true }] },
        config: {
          boot_disk: [
            {
              kms_key_self_link: {
                references: ['google_kms_crypto_key.disks.id'],
              },
            },
          ],
        },
      },
    ),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-078',
    name: 'boot disk Google-managed',
    spec: vm({ boot_disk: [{ kms_key_self_link: null }] }),
    verdict: 'fail',
    says: 'boot_disk.kms_key_self_link',
  },
  {
    rule: 'GW-GCP-078',
    name: 'Spanner key',
    spec: {
      type: 'google_spanner_database',
      after: { encryption_config: [{ kms_key_name: 'k' }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-078',
    name: 'Bigtable with one cluster unkeyed',
    spec: {
      type: 'google_bigtable_instance',
      after: {
        cluster: [
          { cluster_id: 'a', kms_key_name: 'k' },
          { cluster_id: 'b', kms_key_name: null },
        ],
      },
    },
    verdict: 'fail',
    says: 'cluster.kms_key_name',
  },
  {
    rule: 'GW-GCP-078',
    name: 'Bigtable keyed',
    spec: {
      type: 'google_bigtable_instance',
      after: { cluster: [{ cluster_id: 'a', kms_key_name: 'k' }] },
    },
    verdict: 'pass',
  },
  // Private managed workers
  {
    rule: 'GW-GCP-079',
    name: 'private Dataflow',
    spec: {
      type: 'google_dataflow_job',
      after: { ip_configuration: 'WORKER_IP_PRIVATE' },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-079',
    name: 'public Dataflow',
    spec: {
      type: 'google_dataflow_job',
      after: { ip_configuration: 'WORKER_IP_PUBLIC' },
    },
    verdict: 'fail',
    says: 'ip_configuration',
  },
  {
    rule: 'GW-GCP-079',
    name: 'Dataflow unset',
    spec: { type: 'google_dataflow_job', after: { ip_configuration: null } },
    verdict: 'fail',
    says: 'ip_configuration',
  },
  {
    rule: 'GW-GCP-079',
    name: 'build pool private',
    spec: {
      type: 'google_cloudbuild_worker_pool',
      after: { worker_config: [{ no_external_ip: true }] },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-079',
    name: 'build pool public',
    spec: {
      type: 'google_cloudbuild_worker_pool',
      after: { worker_config: [{ no_external_ip: false }] },
    },
    verdict: 'fail',
    says: 'worker_config.no_external_ip',
  },
  {
    rule: 'GW-GCP-079',
    name: 'workbench public',
    spec: {
      type: 'google_workbench_instance',
      after: { gce_setup: [{ disable_public_ip: false }] },
    },
    verdict: 'fail',
    says: 'gce_setup.disable_public_ip',
  },
  {
    rule: 'GW-GCP-080',
    name: 'both on',
    spec: {
      type: 'google_data_fusion_instance',
      after: {
        enable_stackdriver_logging: true,
        enable_stackdriver_monitoring: true,
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-080',
    name: 'monitoring off',
    spec: {
      type: 'google_data_fusion_instance',
      after: {
        enable_stackdriver_logging: true,
        enable_stackdriver_monitoring: false,
      },
    },
    verdict: 'fail',
    says: 'enable_stackdriver_monitoring',
  },
  {
    rule: 'GW-GCP-081',
    name: 'shielded notebook',
    spec: {
      type: 'google_notebooks_instance',
      after: {
        shielded_instance_config: [
          { enable_vtpm: true, enable_integrity_monitoring: true },
        ],
      },
    },
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-081',
    name: 'workbench without vTPM',
    spec: {
      type: 'google_workbench_instance',
      after: {
        gce_setup: [
          {
            shielded_instance_config: [
              { enable_vtpm: false, enable_integrity_monitoring: true },
            ],
          },
        ],
      },
    },
    verdict: 'fail',
    says: 'gce_setup.shielded_instance_config.enable_vtpm',
  },
  // GKE hygiene
  {
    rule: 'GW-GCP-082',
    name: 'inline pool',
    spec: cluster({ node_pool: [{ name: 'default' }] }),
    verdict: 'fail',
    says: 'node_pool',
  },
  {
    rule: 'GW-GCP-082',
    name: 'separate pools',
    spec: cluster({ node_pool: [] }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-083',
    name: 'labels',
    spec: cluster({ resource_labels: { team: 'platform' } }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-083',
    name: 'no labels',
    spec: cluster({ resource_labels: {} }),
    verdict: 'fail',
    says: 'resource_labels',
  },
  {
    rule: 'GW-GCP-084',
    name: 'groups',
    spec: cluster({
      authenticator_groups_config: [
        { security_group: 'gke-security-groups@example.com' },
      ],
    }),
    verdict: 'pass',
  },
  {
    rule: 'GW-GCP-084',
    name: 'no groups',
    spec: cluster({ authenticator_groups_config: [] }),
    verdict: 'fail',
    says: 'authenticator_groups_config.security_group',
  },
];

describe('Google Cloud rules on plans', () => {
  it.each(CASES.map(c => [`${c.rule} ${c.name}`, c] as const))(
    '%s',
    (_name, c) => {
      const got = verdict(c.spec, c.rule, c.environment);
      expect(got.verdict).toBe(c.verdict);
      expect(got.message).toContain(c.says ?? '');
    },
  );

  it('has a pass and a fail case for every new rule', () => {
    for (const rule of GW_NEW_RULES()) {
      const verdicts = CASES.filter(c => c.rule === rule.id).map(
        c => c.verdict,
      );
      expect([rule.id, verdicts.includes('pass')]).toEqual([rule.id, true]);
      expect([rule.id, verdicts.includes('fail')]).toEqual([rule.id, true]);
    }
  });
});

/** Rules from GW-GCP-009 on (the founding eight have their own tests). */
function GW_NEW_RULES() {
  return GCP_RULES.filter(r => Number(r.id.slice('GW-GCP-'.length)) >= 9);
}

describe('Google Cloud rule metadata', () => {
  const catalogue = new Map(CATALOGUE.checks.map(c => [c.id, c]));

  it('has at least 40 rules with unique ids', () => {
    expect(GCP_RULES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(GCP_RULES.map(r => r.id)).size).toBe(GCP_RULES.length);
  });

  it.each(GCP_RULES.map(r => [r.id, r] as const))(
    '%s is complete and cites Checkov checks on its own types',
    (_id, rule) => {
      expect(rule.provider).toBe('google');
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.references.checkov.length).toBeGreaterThan(0);
      for (const id of rule.references.checkov) {
        const check = catalogue.get(id);
        expect([id, check !== undefined]).toEqual([id, true]);
        // The Checkov check is about one of the types the rule judges.
        expect([
          id,
          check!.resourceTypes.some(t => rule.resourceTypes.includes(t)),
        ]).toEqual([id, true]);
      }
      expect(
        rule.resourceTypes.some(t => rule.remediation.terraform.includes(t)),
      ).toBe(true);
    },
  );
});
