import type { PlanResource } from '../../../plan/types';
import { asObject, maskCovers } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import {
  expectAttribute,
  fail,
  hiddenUntilApply,
  isFalse,
  pass,
  resourceRule,
} from '../helpers';

const INSTANCES = [
  'google_compute_instance',
  'google_compute_instance_template',
  'google_compute_instance_from_template',
];
const INSTANCE_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance';

/** GCE reads metadata booleans case-insensitively ("TRUE", "true", "1"). */
const metadataTrue = (v: unknown) =>
  ['true', '1', 'yes'].includes(String(v).toLowerCase());
const metadataFalse = (v: unknown) =>
  ['false', '0', 'no'].includes(String(v).toLowerCase());

/** The value of one metadata key, or the outcome when metadata is hidden. */
function metadataKey(
  r: PlanResource,
  ctx: RuleContext,
  key: string,
): { value: unknown } | RuleOutcome {
  const read = ctx.read(r, ['metadata']);
  if (read.state === 'unknown') return hiddenUntilApply('metadata');
  const md = asObject(read.value) ?? {};
  if (maskCovers(r.afterUnknown, ['metadata', key]))
    return hiddenUntilApply(`metadata.${key}`);
  return {
    value: Object.prototype.hasOwnProperty.call(md, key) ? md[key] : undefined,
  };
}

export const gcpNoSerialPort = resourceRule(
  {
    id: 'GW-GCP-038',
    title: 'Compute instances do not enable the interactive serial console',
    severity: 'medium',
    resourceTypes: INSTANCES,
    rationale:
      'The serial console accepts connections from any IP address and ignores firewall rules, so ' +
      'anyone with the right IAM grant and the key reaches the VM console.',
    remediation: {
      text: 'Remove serial-port-enable from metadata (or set it to "false").',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  metadata = {\n    serial-port-enable = "false"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_35'],
      cis: ['CIS GCP Foundations v2.0.0 4.5'],
      docs: [INSTANCE_DOCS],
    },
  },
  (vm, ctx) => {
    const key = metadataKey(vm, ctx, 'serial-port-enable');
    if ('verdict' in key) return key;
    return metadataTrue(key.value)
      ? fail('metadata serial-port-enable is true: the serial console is open.')
      : pass('metadata serial-port-enable is not true.');
  },
);

export const gcpNoIpForwarding = resourceRule(
  {
    id: 'GW-GCP-039',
    title: 'Compute instances do not forward IP packets',
    severity: 'medium',
    resourceTypes: INSTANCES,
    rationale:
      'With IP forwarding a VM can send and receive packets for addresses that are not its own, ' +
      'which lets a compromised VM route around firewall rules. Only NAT or router appliances need it.',
    remediation: {
      text: 'Set can_ip_forward = false (or leave it out).',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  can_ip_forward = false\n}',
    },
    references: {
      checkov: ['CKV_GCP_36'],
      cis: ['CIS GCP Foundations v2.0.0 4.6'],
      docs: [INSTANCE_DOCS],
    },
  },
  (vm, ctx) =>
    expectAttribute(ctx, vm, ['can_ip_forward'], {
      label: 'can_ip_forward',
      compliant: v => v === null || isFalse(v),
      passMessage: 'can_ip_forward is false',
      failMessage: 'can_ip_forward is true: the VM can route foreign packets',
      providerDefault: false,
    }),
);

export const gcpInstanceOsLoginKept = resourceRule(
  {
    id: 'GW-GCP-040',
    title: 'Compute instances do not turn OS Login off',
    severity: 'medium',
    resourceTypes: INSTANCES,
    rationale:
      'OS Login ties SSH access to IAM and revokes it with the account; an instance that opts out ' +
      'falls back to metadata SSH keys nobody rotates.',
    remediation: {
      text: 'Remove enable-oslogin = "false" from the instance metadata (or set it to "TRUE").',
      terraform:
        'resource "google_compute_instance" "vm" {\n  # ...\n  metadata = {\n    enable-oslogin = "TRUE"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_34'],
      cis: ['CIS GCP Foundations v2.0.0 4.4'],
      docs: [INSTANCE_DOCS],
    },
  },
  (vm, ctx) => {
    const key = metadataKey(vm, ctx, 'enable-oslogin');
    if ('verdict' in key) return key;
    return metadataFalse(key.value)
      ? fail(
          'metadata enable-oslogin is false: the instance opts out of OS Login.',
        )
      : pass('metadata enable-oslogin does not opt out of OS Login.');
  },
);

export const gcpProjectOsLogin = resourceRule(
  {
    id: 'GW-GCP-041',
    title: 'Project metadata enables OS Login',
    severity: 'medium',
    resourceTypes: ['google_compute_project_metadata'],
    rationale:
      'Set at project level, OS Login applies to every VM that does not opt out, so SSH access ' +
      'follows IAM everywhere by default.',
    remediation: {
      text: 'Set enable-oslogin = "TRUE" in the project metadata.',
      terraform:
        'resource "google_compute_project_metadata" "default" {\n  metadata = {\n    enable-oslogin = "TRUE"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_33'],
      cis: ['CIS GCP Foundations v2.0.0 4.4'],
      docs: [
        'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_project_metadata',
      ],
    },
  },
  (md, ctx) => {
    const key = metadataKey(md, ctx, 'enable-oslogin');
    if ('verdict' in key) return key;
    return metadataTrue(key.value)
      ? pass('metadata enable-oslogin is TRUE.')
      : fail(
          'metadata enable-oslogin is not TRUE: OS Login is off by default.',
        );
  },
);
