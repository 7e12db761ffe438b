import { blocks } from '../../../plan/values';
import {
  expectAttribute,
  expectTrue,
  fail,
  hiddenUntilApply,
  isFalse,
  notApplicable,
  pass,
  resourceRule,
} from '../helpers';

const SUBNET = ['google_compute_subnetwork'];
const SUBNET_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_subnetwork';

/** Proxy-only and similar subnets carry no VM traffic to log or route. */
function isManagedProxySubnet(purpose: unknown): boolean {
  return (
    typeof purpose === 'string' &&
    purpose !== 'PRIVATE' &&
    purpose !== 'PRIVATE_RFC_1918'
  );
}

export const gcpSubnetFlowLogs = resourceRule(
  {
    id: 'GW-GCP-045',
    title: 'Subnets record VPC flow logs',
    severity: 'medium',
    resourceTypes: SUBNET,
    rationale:
      'Flow logs are the record of which addresses talked to which; without them, lateral movement ' +
      'and exfiltration leave no network trace.',
    remediation: {
      text: 'Add a log_config block to the subnetwork.',
      terraform:
        'resource "google_compute_subnetwork" "app" {\n  # ...\n  log_config {\n    aggregation_interval = "INTERVAL_5_SEC"\n    flow_sampling        = 0.5\n    metadata             = "INCLUDE_ALL_METADATA"\n  }\n}',
    },
    references: {
      checkov: ['CKV_GCP_26'],
      cis: ['CIS GCP Foundations v2.0.0 3.8'],
      docs: [SUBNET_DOCS],
    },
  },
  (subnet, ctx) => {
    if (isManagedProxySubnet(subnet.after?.purpose))
      return notApplicable(
        `A ${String(
          subnet.after?.purpose,
        )} subnet: it carries no VM traffic and takes no flow logs.`,
      );
    const read = ctx.read(subnet, ['log_config']);
    if (read.state === 'unknown') return hiddenUntilApply('log_config');
    return blocks(read.value).length > 0
      ? pass('log_config is set: flow logs are on.')
      : fail('No log_config block: VPC flow logs are off.');
  },
);

export const gcpSubnetPrivateGoogleAccess = resourceRule(
  {
    id: 'GW-GCP-046',
    title: 'Subnets reach Google APIs privately',
    severity: 'low',
    resourceTypes: SUBNET,
    rationale:
      'Private Google Access lets VMs without external IPs call Google APIs, which removes the ' +
      'usual reason to give them one.',
    remediation: {
      text: 'Set private_ip_google_access = true.',
      terraform:
        'resource "google_compute_subnetwork" "app" {\n  # ...\n  private_ip_google_access = true\n}',
    },
    references: { checkov: ['CKV_GCP_74'], docs: [SUBNET_DOCS] },
  },
  (subnet, ctx) =>
    isManagedProxySubnet(subnet.after?.purpose)
      ? notApplicable(
          `A ${String(subnet.after?.purpose)} subnet: it hosts no VMs.`,
        )
      : expectTrue(
          ctx,
          subnet,
          ['private_ip_google_access'],
          'Private Google Access',
        ),
);

export const gcpProjectNoDefaultNetwork = resourceRule(
  {
    id: 'GW-GCP-047',
    title: 'Projects are created without the default network',
    severity: 'medium',
    resourceTypes: ['google_project'],
    rationale:
      'The default network comes with firewall rules that allow SSH, RDP and ICMP from anywhere ' +
      'and a subnet in every region; networks should be designed, not inherited.',
    remediation: {
      text: 'Set auto_create_network = false and create the VPC you need.',
      terraform:
        'resource "google_project" "app" {\n  name                = "app-prod"\n  project_id          = "acme-app-prod"\n  org_id              = var.org_id\n  auto_create_network = false\n}',
    },
    references: {
      checkov: ['CKV_GCP_27'],
      cis: ['CIS GCP Foundations v2.0.0 3.1'],
      docs: [
        'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project',
      ],
    },
  },
  (project, ctx) =>
    expectAttribute(ctx, project, ['auto_create_network'], {
      label: 'auto_create_network',
      compliant: isFalse,
      passMessage: 'auto_create_network is false',
      failMessage:
        'auto_create_network is true: the project gets the default network and its open firewall rules',
      providerDefault: true,
    }),
);
