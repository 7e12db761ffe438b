import type { JsonObject, PlanResource } from '../../../plan/types';
import {
  asStringList,
  AttributePath,
  blocks,
  isUnset,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext } from '../../types';
import {
  fail,
  hiddenUntilApply,
  notApplicable,
  pass,
  resourceRule,
  warn,
} from '../helpers';
import {
  exposedAdminPorts,
  IngressRule,
  judgeIngress,
  parsePortRange,
} from '../network';

/** The values that decide who may reach which ports. */
const DECIDING = [
  'source_address_prefix',
  'source_address_prefixes',
  'destination_port_range',
  'destination_port_ranges',
  'protocol',
  'direction',
  'access',
];

function fromNsgRule(
  origin: string,
  rule: JsonObject,
  hidden: boolean,
): IngressRule | undefined {
  // A rule whose direction or access is hidden may be an inbound allow.
  if (
    !hidden &&
    (String(rule.direction).toLowerCase() !== 'inbound' ||
      String(rule.access).toLowerCase() !== 'allow')
  ) {
    return undefined;
  }
  const ports = [
    ...asStringList(rule.destination_port_range),
    ...asStringList(rule.destination_port_ranges),
  ];
  const protocol = String(rule.protocol ?? '*');
  return {
    origin,
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

function decidingHidden(r: PlanResource, prefix: AttributePath): boolean {
  return DECIDING.some(k => maskHidesAnyAt(r.afterUnknown, [...prefix, k]));
}

function nsgIngress(
  resource: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' {
  if (resource.type === 'azurerm_network_security_rule') {
    const rule = fromNsgRule(
      resource.address,
      resource.after ?? {},
      decidingHidden(resource, []),
    );
    return rule ? [rule] : [];
  }
  const read = ctx.read(resource, ['security_rule']);
  if (read.state === 'unknown') return read.configured ? 'hidden' : [];
  return blocks(read.value)
    .map((r, i) =>
      fromNsgRule(
        `${resource.address} security_rule[${i}]`,
        r,
        decidingHidden(resource, ['security_rule', i]),
      ),
    )
    .filter((r): r is IngressRule => r !== undefined);
}

export const nsgAdminPorts = resourceRule(
  {
    id: 'GW-AZ-001',
    title:
      'Network security groups do not open administration ports to the internet',
    severity: 'critical',
    resourceTypes: [
      'azurerm_network_security_group',
      'azurerm_network_security_rule',
    ],
    rationale:
      'RDP and SSH reachable from any address are the most common entry point into Azure VMs; use Bastion or JIT access.',
    remediation: {
      text: 'Restrict source_address_prefix to a known range, or use Azure Bastion.',
      terraform:
        'resource "azurerm_network_security_rule" "ssh" {\n  name                        = "ssh-from-vpn"\n  direction                   = "Inbound"\n  access                      = "Allow"\n  protocol                    = "Tcp"\n  priority                    = 100\n  source_address_prefix       = "10.20.0.0/16"\n  source_port_range           = "*"\n  destination_address_prefix  = "*"\n  destination_port_range      = "22"\n  resource_group_name         = azurerm_resource_group.main.name\n  network_security_group_name = azurerm_network_security_group.main.name\n}',
    },
    references: {
      checkov: ['CKV_AZURE_9', 'CKV_AZURE_10'],
      cis: [
        'CIS Azure Foundations v2.0.0 6.1',
        'CIS Azure Foundations v2.0.0 6.2',
      ],
    },
  },
  (nsg, ctx) => {
    const rules = nsgIngress(nsg, ctx);
    if (rules === 'hidden') return hiddenUntilApply('security_rule');
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

export const firewallThreatIntel = resourceRule(
  {
    id: 'GW-AZ-007',
    title: 'Azure Firewall threat intelligence mode is Deny',
    severity: 'medium',
    resourceTypes: ['azurerm_firewall', 'azurerm_firewall_policy'],
    rationale:
      'In Alert mode the firewall lets traffic to known malicious addresses through and only logs it.',
    remediation: {
      text: 'Set threat_intel_mode = "Deny" on the firewall, or threat_intelligence_mode = "Deny" on its firewall policy.',
      terraform:
        'resource "azurerm_firewall_policy" "hub" {\n  # ...\n  threat_intelligence_mode = "Deny"\n}',
    },
    references: { checkov: ['CKV_AZURE_216'] },
  },
  (fw, ctx) => {
    const isPolicy = fw.type === 'azurerm_firewall_policy';
    if (!isPolicy) {
      // With a firewall policy attached, the policy's mode is the one that applies.
      const policy = ctx.read(fw, ['firewall_policy_id']);
      const attached =
        policy.state === 'known' ? !isUnset(policy.value) : policy.configured;
      if (attached) {
        return notApplicable(
          'A firewall policy is attached: its threat_intelligence_mode applies, and this rule judges it on the azurerm_firewall_policy.',
        );
      }
    }
    const tier = fw.after?.[isPolicy ? 'sku' : 'sku_tier'];
    if (tier === 'Basic') {
      return warn(
        'The Basic tier supports threat intelligence in alert mode only: known malicious traffic is logged, not blocked. Use Standard or Premium where that matters.',
      );
    }
    const attr = isPolicy ? 'threat_intelligence_mode' : 'threat_intel_mode';
    const read = ctx.read(fw, [attr]);
    if (read.state === 'unknown') {
      if (read.configured) return hiddenUntilApply(attr);
      return fail(
        `${attr} is not set; the default "Alert" only logs known malicious traffic.`,
      );
    }
    return read.value === 'Deny'
      ? pass('Threat intelligence blocks known malicious traffic.')
      : fail(
          `${attr} is "${String(
            read.value ?? 'Alert',
          )}": known malicious traffic is only logged.`,
        );
  },
);
