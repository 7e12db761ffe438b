import { RULES } from './rules';
import type { RuleMetadata } from './types';

/** Metadata of every rule in the pack (what `groundwork-governance rules` prints). */
export function listRules(): RuleMetadata[] {
  return RULES.map(rule => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    provider: rule.provider,
    resourceTypes: [...rule.resourceTypes],
    rationale: rule.rationale,
    remediation: { ...rule.remediation },
    references: {
      checkov: [...rule.references.checkov],
      cis: [...rule.references.cis],
      docs: [...rule.references.docs],
    },
    productionOnly: rule.productionOnly,
  }));
}

let remediations: Map<string, string> | undefined;

/** How to fix a rule's failure, in words (what reports and gate messages quote). */
export function remediationOf(ruleId: string): string | undefined {
  remediations ??= new Map(RULES.map(r => [r.id, r.remediation.text]));
  return remediations.get(ruleId);
}
