import type { JsonObject, PlanResource } from '../../../plan/types';
import {
  asObject,
  asStringList,
  blocks,
  isUnset,
  maskCovers,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext } from '../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  pass,
  resourceRule,
} from '../helpers';
import {
  exposedAdminPorts,
  IngressRule,
  judgeIngress,
  parsePortRange,
} from '../network';

const INSTANCES = [
  'google_compute_instance',
  'google_compute_instance_template',
];

export const gcpNoPublicIp = resourceRule(
  {
    id: 'GW-GCP-001',
    title: 'Compute instances have no external IP',
    severity: 'high',
    resourceTypes: INSTANCES,
    rationale:
      'An external IP puts the VM on the internet, guarded only by firewall rules. Reach instances ' +
      'through IAP, a load balancer or Cloud NAT instead.',
    remediation: {
      text: 'Remove the access_config block from network_interface.',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  network_interface {\n    subnetwork = google_compute_subnetwork.private.id\n    # no access_config: no external IP\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_40'],
      cis: ['CIS GCP Foundations v2.0.0 4.9'],
    },
  },
  (vm, ctx) => {
    const read = ctx.read(vm, ['network_interface']);
    if (read.state === 'unknown') return hiddenUntilApply('network_interface');
    const external = blocks(read.value).filter(
      n => blocks(n.access_config).length > 0,
    );
    return external.length > 0
      ? fail(
          `${external.length} network interface(s) have an access_config (external IP).`,
        )
      : pass('No external IP.');
  },
);

export const gcpShieldedVm = resourceRule(
  {
    id: 'GW-GCP-002',
    title: 'Compute instances use Shielded VM secure boot',
    severity: 'medium',
    resourceTypes: INSTANCES,
    rationale:
      'Secure boot refuses unsigned boot components, closing a path for rootkits and bootkits.',
    remediation: {
      text: 'Enable secure boot (with vTPM and integrity monitoring) on a Shielded VM image.',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  shielded_instance_config {\n    enable_secure_boot          = true\n    enable_vtpm                 = true\n    enable_integrity_monitoring = true\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_39'],
      cis: ['CIS GCP Foundations v2.0.0 4.8'],
    },
  },
  (vm, ctx) => {
    const block = ctx.read(vm, ['shielded_instance_config']);
    if (block.state === 'known' && blocks(block.value).length === 0) {
      return fail(
        'No shielded_instance_config: secure boot is off by default.',
      );
    }
    return expectTrue(
      ctx,
      vm,
      ['shielded_instance_config', 0, 'enable_secure_boot'],
      'Secure boot',
    );
  },
);

export const gcpBlockProjectSshKeys = resourceRule(
  {
    id: 'GW-GCP-003',
    title: 'Compute instances block project-wide SSH keys',
    severity: 'medium',
    resourceTypes: INSTANCES,
    rationale:
      'Project-wide SSH keys grant access to every VM in the project; one leaked key opens them all.',
    remediation: {
      text: 'Set the block-project-ssh-keys metadata (or use OS Login).',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  metadata = {\n    block-project-ssh-keys = "true"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_32'],
      cis: ['CIS GCP Foundations v2.0.0 4.3'],
    },
  },
  (vm, ctx) => {
    const read = ctx.read(vm, ['metadata']);
    if (read.state === 'unknown') return hiddenUntilApply('metadata');
    const md = asObject(read.value) ?? {};
    if (String(md['enable-oslogin']).toLowerCase() === 'true')
      return pass('OS Login is enabled.');
    return String(md['block-project-ssh-keys']).toLowerCase() === 'true'
      ? pass('Project-wide SSH keys are blocked.')
      : fail('block-project-ssh-keys is not set to "true".');
  },
);

export const gcpDefaultServiceAccount = resourceRule(
  {
    id: 'GW-GCP-004',
    title:
      'Instances do not run as the default service account with full API access',
    severity: 'high',
    resourceTypes: INSTANCES,
    rationale:
      'The Compute Engine default service account has the Editor role; with the cloud-platform ' +
      'scope any process on the VM can change almost anything in the project.',
    remediation: {
      text: 'Run the VM as a dedicated service account with the roles it needs.',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  service_account {\n    email  = google_service_account.vm.email\n    scopes = ["cloud-platform"]\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_30', 'CKV_GCP_31'],
      cis: ['CIS GCP Foundations v2.0.0 4.1', 'CIS GCP Foundations v2.0.0 4.2'],
    },
  },
  (vm, ctx) => {
    const read = ctx.read(vm, ['service_account']);
    if (read.state === 'unknown') return hiddenUntilApply('service_account');
    const accounts = blocks(read.value);
    if (accounts.length === 0) return pass('No service account is attached.');
    const isDefault = (sa: JsonObject) =>
      isUnset(sa.email) ||
      String(sa.email).endsWith('-compute@developer.gserviceaccount.com');
    const fullScope = (sa: JsonObject) =>
      asStringList(sa.scopes).some(
        s => s === 'cloud-platform' || s.endsWith('/auth/cloud-platform'),
      );
    const bad = accounts.find(sa => isDefault(sa) && fullScope(sa));
    if (bad)
      return fail(
        'The default compute service account is used with the cloud-platform scope.',
      );
    if (
      accounts.some(
        sa =>
          maskCovers(vm.afterUnknown, ['service_account', 0, 'email']) &&
          fullScope(sa),
      )
    ) {
      return hiddenUntilApply('service_account.email');
    }
    return pass('Not the default service account with full scope.');
  },
);

export function firewallIngress(
  fw: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' | 'disabled' {
  if (fw.after?.disabled === true) return 'disabled';
  const direction = String(fw.after?.direction ?? 'INGRESS').toUpperCase();
  if (direction !== 'INGRESS') return [];
  const sources = ctx.read(fw, ['source_ranges']);
  if (sources.state === 'unknown' && sources.configured) return 'hidden';
  if (
    sources.state === 'known' &&
    maskHidesAnyAt(fw.afterUnknown, ['source_ranges'])
  )
    return 'hidden';
  let ranges = sources.state === 'known' ? asStringList(sources.value) : [];
  // GCP applies an ingress rule with no source at all to 0.0.0.0/0.
  const otherSources = ['source_tags', 'source_service_accounts'].some(k => {
    const read = ctx.read(fw, [k]);
    return read.state === 'known'
      ? asStringList(read.value).length > 0
      : read.configured;
  });
  const implicit = ranges.length === 0 && !otherSources;
  if (implicit) ranges = ['0.0.0.0/0'];
  return blocks(fw.after?.allow).map((allow, i) => {
    const protocol = String(allow.protocol ?? '').toLowerCase();
    const ports = asStringList(allow.ports);
    const all =
      protocol === 'all' ||
      ((protocol === 'tcp' || protocol === 'udp') && ports.length === 0);
    return {
      origin: `${fw.address} allow[${i}]${
        implicit ? ' (no source set, so GCP applies it to any address)' : ''
      }`,
      allProtocols: all,
      ranges: ports
        .map(p => parsePortRange(p))
        .filter((r): r is [number, number] => r !== undefined),
      sources: ranges,
      hidden: maskHidesAnyAt(fw.afterUnknown, ['allow', i]),
    };
  });
}

export const gcpFirewallAdminPorts = resourceRule(
  {
    id: 'GW-GCP-005',
    title: 'Firewall rules do not open administration ports to 0.0.0.0/0',
    severity: 'critical',
    resourceTypes: ['google_compute_firewall'],
    rationale:
      'SSH and RDP open to the internet are brute-forced constantly; use IAP TCP forwarding.',
    remediation: {
      text: 'Limit source_ranges to the IAP range 35.235.240.0/20 or your VPN.',
      terraform:
        'resource "google_compute_firewall" "ssh_iap" {\n  name          = "allow-ssh-from-iap"\n  network       = google_compute_network.main.id\n  source_ranges = ["35.235.240.0/20"]\n  allow {\n    protocol = "tcp"\n    ports    = ["22"]\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_2', 'CKV_GCP_3'],
      cis: ['CIS GCP Foundations v2.0.0 3.6', 'CIS GCP Foundations v2.0.0 3.7'],
    },
  },
  (fw, ctx) => {
    const rules = firewallIngress(fw, ctx);
    if (rules === 'disabled') return pass('The firewall rule is disabled.');
    if (rules === 'hidden') return hiddenUntilApply('source_ranges');
    const verdict = judgeIngress(rules, r => {
      const ports = exposedAdminPorts(r);
      return ports.length > 0 ? `port ${ports.join(', ')}` : undefined;
    });
    if (verdict.kind === 'open') return fail(`${verdict.detail}.`);
    if (verdict.kind === 'hidden')
      return hiddenUntilApply(`The source or ports of ${verdict.detail}`);
    return pass('No administration port is open to the internet.');
  },
);
