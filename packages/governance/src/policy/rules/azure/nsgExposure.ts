import type { JsonObject, PlanResource } from '../../../plan/types';
import {
  asStringList,
  AttributePath,
  blocks,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import { IngressRule, judgeIngress, parsePortRange } from '../network';

/**
 * An inbound allow of a network security group, with its protocol (the
 * shared IngressRule keeps only ports, and UDP exposure needs the protocol).
 */
interface NsgIngress extends IngressRule {
  protocol: string;
}

const DECIDING = [
  'source_address_prefix',
  'source_address_prefixes',
  'destination_port_range',
  'destination_port_ranges',
  'protocol',
  'direction',
  'access',
];

function toIngress(
  origin: string,
  rule: JsonObject,
  hidden: boolean,
): NsgIngress | undefined {
  // With direction or access hidden the rule may be an inbound allow.
  if (
    !hidden &&
    (String(rule.direction).toLowerCase() !== 'inbound' ||
      String(rule.access).toLowerCase() !== 'allow')
  )
    return undefined;
  const ports = [
    ...asStringList(rule.destination_port_range),
    ...asStringList(rule.destination_port_ranges),
  ];
  const protocol = String(rule.protocol ?? '*').toLowerCase();
  return {
    origin,
    protocol,
    allProtocols: protocol === '*' && ports.every(p => p === '*'),
    ranges: ports
      .map(p => parsePortRange(p))
      .filter((r): r is [number, number] => r !== undefined),
    sources: [
      ...asStringList(rule.source_address_prefix),
      ...asStringList(rule.source_address_prefixes),
    ],
    hidden,
  };
}

const hides = (r: PlanResource, prefix: AttributePath) =>
  DECIDING.some(k => maskHidesAnyAt(r.afterUnknown, [...prefix, k]));

/** The inbound allows of a group (its inline rules) or of one rule resource. */
function ingressOf(
  resource: PlanResource,
  ctx: RuleContext,
): NsgIngress[] | 'hidden' {
  if (resource.type === 'azurerm_network_security_rule') {
    const rule = toIngress(
      resource.address,
      resource.after ?? {},
      hides(resource, []),
    );
    return rule ? [rule] : [];
  }
  const read = ctx.read(resource, ['security_rule']);
  if (read.state === 'unknown') return read.configured ? 'hidden' : [];
  const out: NsgIngress[] = [];
  blocks(read.value).forEach((r, i) => {
    const rule = toIngress(
      `${resource.address} security_rule[${i}]`,
      r,
      hides(resource, ['security_rule', i]),
    );
    if (rule) out.push(rule);
  });
  return out;
}

function judge(
  resource: PlanResource,
  ctx: RuleContext,
  exposes: (rule: NsgIngress) => string | undefined,
  closed: string,
): RuleOutcome {
  const rules = ingressOf(resource, ctx);
  if (rules === 'hidden') return hiddenUntilApply('security_rule');
  const verdict = judgeIngress(rules, r => exposes(r as NsgIngress));
  if (verdict.kind === 'open') return fail(`${verdict.detail}.`);
  if (verdict.kind === 'hidden')
    return hiddenUntilApply(`The source or ports of ${verdict.detail}`);
  return pass(closed);
}

const NSG_TYPES = [
  'azurerm_network_security_group',
  'azurerm_network_security_rule',
];
const NSG_DOCS = [
  'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_rule',
];

export const nsgUdpFromInternet = resourceRule(
  {
    id: 'GW-AZ-071',
    title: 'Network security groups do not open UDP to the internet',
    severity: 'high',
    resourceTypes: NSG_TYPES,
    rationale:
      'Internet-facing UDP services (DNS, NTP, SSDP, memcached) are abused for reflection and ' +
      'amplification attacks and are rarely meant to be public.',
    remediation: {
      text: 'Restrict source_address_prefix of inbound UDP (and "*" protocol) rules to known ranges.',
      terraform:
        'resource "azurerm_network_security_rule" "dns" {\n  name                        = "dns-from-vnet"\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Udp"\n  priority                    = 200\n  source_address_prefix       = "VirtualNetwork"\n  source_port_range           = "*"\n  destination_address_prefix  = "*"\n  destination_port_range      = "53"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    },
    references: {
      checkov: ['CKV_AZURE_77'],
      cis: ['CIS Azure Foundations v2.0.0 6.3'],
      docs: NSG_DOCS,
    },
  },
  (nsg, ctx) =>
    judge(
      nsg,
      ctx,
      // "*" includes UDP: a rule for all protocols exposes UDP too.
      r =>
        r.protocol === 'udp' || r.protocol === '*'
          ? `UDP (protocol ${r.protocol === '*' ? '"*"' : 'Udp'})`
          : undefined,
      'No UDP port is open to the internet.',
    ),
);

export const nsgHttpFromInternet = resourceRule(
  {
    id: 'GW-AZ-072',
    title: 'Network security groups do not open plain HTTP to the internet',
    severity: 'medium',
    resourceTypes: NSG_TYPES,
    rationale:
      'Port 80 open to the world serves traffic unencrypted straight to VMs; public web traffic ' +
      'belongs behind an Application Gateway or Front Door that terminates TLS.',
    remediation: {
      text: 'Remove the inbound allow of port 80 from the internet, or restrict source_address_prefix (e.g. to AzureFrontDoor.Backend).',
      terraform:
        'resource "azurerm_network_security_rule" "web" {\n  name                        = "https-from-front-door"\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  priority                    = 300\n  source_address_prefix       = "AzureFrontDoor.Backend"\n  source_port_range           = "*"\n  destination_address_prefix  = "*"\n  destination_port_range      = "443"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    },
    references: {
      checkov: ['CKV_AZURE_160'],
      cis: ['CIS Azure Foundations v2.0.0 6.4'],
      docs: NSG_DOCS,
    },
  },
  (nsg, ctx) =>
    judge(
      nsg,
      ctx,
      r =>
        r.protocol !== 'udp' &&
        r.protocol !== 'icmp' &&
        (r.allProtocols ||
          r.ranges.some(([from, to]) => from <= 80 && to >= 80))
          ? 'port 80 (HTTP)'
          : undefined,
      'Port 80 is not open to the internet.',
    ),
);
