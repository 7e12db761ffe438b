import { resourceRule, warn } from '../helpers';
import { docsOf, expectOneOf, expectSet } from './support';

export const firewallUsesPolicy = resourceRule(
  {
    id: 'GW-AZ-088',
    title: 'Azure Firewalls are managed by a firewall policy',
    severity: 'low',
    resourceTypes: ['azurerm_firewall'],
    rationale:
      'Classic rules live on each firewall and cannot use IDPS, TLS inspection or inheritance; a ' +
      'firewall policy is shared, versioned and required for Premium features.',
    remediation: {
      text: 'Create an azurerm_firewall_policy and set firewall_policy_id on the firewall.',
      terraform:
        'resource "azurerm_firewall" "hub" {\n  # ...\n  firewall_policy_id = azurerm_firewall_policy.hub.id\n}',
    },
    references: {
      checkov: ['CKV_AZURE_219'],
      docs: [docsOf('azurerm_firewall')],
    },
  },
  (fw, ctx) =>
    expectSet(ctx, fw, ['firewall_policy_id'], {
      good: 'A firewall policy manages the rules',
      bad: 'The firewall uses classic rules',
    }),
);

export const firewallPolicyIdpsDeny = resourceRule(
  {
    id: 'GW-AZ-089',
    title: 'Premium firewall policies block intrusions (IDPS Deny)',
    severity: 'medium',
    resourceTypes: ['azurerm_firewall_policy'],
    rationale:
      'In Alert mode or off, IDPS only logs traffic that matches known exploit signatures; Deny ' +
      'drops it before it reaches the workload.',
    remediation: {
      text: 'Add intrusion_detection with mode = "Deny" (Premium policy).',
      terraform:
        'resource "azurerm_firewall_policy" "hub" {\n  # ...\n  sku = "Premium"\n  intrusion_detection {\n    mode = "Deny"\n  }\n}',
    },
    references: {
      checkov: ['CKV_AZURE_220'],
      docs: [docsOf('azurerm_firewall_policy')],
    },
  },
  (policy, ctx) => {
    const sku = policy.after?.sku;
    if (typeof sku === 'string' && sku !== 'Premium')
      return warn(
        `sku is "${sku}": intrusion detection (IDPS) needs a Premium firewall policy, so signature-matched exploits are not blocked.`,
      );
    return expectOneOf(ctx, policy, ['intrusion_detection', 0, 'mode'], {
      allowed: ['Deny'],
      byDefault: 'Off',
      good: 'IDPS drops matching traffic',
      bad: 'IDPS does not block matching traffic',
    });
  },
);
