import type { JsonObject, PlanResource } from '../../../plan/types';
import { asStringList, blocks } from '../../../plan/values';
import type { RuleContext } from '../../types';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';
import {
  exposedAdminPorts,
  IngressRule,
  judgeIngress,
  parsePortRange,
} from '../network';

function fromNsgRule(
  origin: string,
  rule: JsonObject,
): IngressRule | undefined {
  if (
    String(rule.direction).toLowerCase() !== 'inbound' ||
    String(rule.access).toLowerCase() !== 'allow'
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
    hidden: false,
  };
}

function nsgIngress(
  resource: PlanResource,
  ctx: RuleContext,
): IngressRule[] | 'hidden' {
  if (resource.type === 'azurerm_network_security_rule') {
    const rule = fromNsgRule(resource.address, resource.after ?? {});
    return rule ? [rule] : [];
  }
  const read = ctx.read(resource, ['security_rule']);
  if (read.state === 'unknown') return read.configured ? 'hidden' : [];
  return blocks(read.value)
    .map((r, i) => fromNsgRule(`${resource.address} security_rule[${i}]`, r))
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
    if (verdict.kind === 'hidden') return hiddenUntilApply(verdict.detail);
    return pass('No administration port is open to the internet.');
  },
);

export const firewallThreatIntel = resourceRule(
  {
    id: 'GW-AZ-007',
    title: 'Azure Firewall threat intelligence mode is Deny',
    severity: 'medium',
    resourceTypes: ['azurerm_firewall'],
    rationale:
      'In Alert mode the firewall lets traffic to known malicious addresses through and only logs it.',
    remediation: {
      text: 'Set threat_intel_mode = "Deny" (or configure it in the attached firewall policy).',
      terraform:
        'resource "azurerm_firewall" "hub" {\n  # ...\n  threat_intel_mode = "Deny"\n}',
    },
    references: { checkov: ['CKV_AZURE_216'] },
  },
  (fw, ctx) => {
    if (
      typeof fw.after?.firewall_policy_id === 'string' &&
      fw.after.firewall_policy_id
    ) {
      return pass(
        'Threat intelligence is governed by the attached firewall policy.',
      );
    }
    const read = ctx.read(fw, ['threat_intel_mode']);
    if (read.state === 'unknown') return hiddenUntilApply('threat_intel_mode');
    return read.value === 'Deny'
      ? pass('Threat intelligence blocks known malicious traffic.')
      : fail(
          `threat_intel_mode is "${String(
            read.value ?? 'Alert',
          )}": known malicious traffic is only logged.`,
        );
  },
);
