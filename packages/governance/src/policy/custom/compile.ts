import { fail, notApplicable, pass, unknown } from '../rules/helpers';
import type { CloudProvider, ResourceRule } from '../types';
import { compileCondition } from './conditions';
import type { CustomRuleSpec } from './types';

function providerOf(types: string[]): CloudProvider {
  const first = types[0] ?? '';
  if (first.startsWith('google_')) return 'google';
  if (first.startsWith('azurerm_')) return 'azurerm';
  if (first.startsWith('aws_')) return 'aws';
  return 'terraform';
}

/**
 * A team's rule as the engine runs it: the same kind of rule as the pack's,
 * so verdicts, waivers, severities and environments treat it alike.
 */
export function compileCustomRule(spec: CustomRuleSpec): ResourceRule {
  const where = spec.where ? compileCondition(spec.where) : undefined;
  const assert = compileCondition(spec.assert);
  const failed = spec.message ?? `${spec.title}: not so`;
  return {
    kind: 'resource',
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    provider: providerOf(spec.resourceTypes),
    resourceTypes: [...spec.resourceTypes],
    rationale: spec.rationale ?? '',
    remediation: {
      text: spec.remediation?.text ?? '',
      terraform: spec.remediation?.terraform ?? '',
    },
    references: {
      checkov: spec.references?.checkov ?? [],
      cis: spec.references?.cis ?? [],
      docs: spec.references?.docs ?? [],
    },
    productionOnly: spec.productionOnly ?? false,
    check(resource, ctx) {
      if (where) {
        const scope = where(resource, ctx);
        if (scope.truth === 'false')
          return notApplicable(`Outside the rule's scope: ${scope.why}.`);
        if (scope.truth === 'unknown')
          return unknown(
            `Whether the rule applies is only known after apply: ${scope.why}.`,
          );
      }
      const a = assert(resource, ctx);
      if (a.truth === 'true') return pass(`${spec.title}: ${a.why}.`);
      if (a.truth === 'false') return fail(`${failed} (${a.why}).`);
      return unknown(`${a.why}.`);
    },
  };
}

const compiled = new WeakMap<readonly CustomRuleSpec[], ResourceRule[]>();

/** The policy file's team rules, compiled once per policy object. */
export function compileCustomRules(
  specs: readonly CustomRuleSpec[] | undefined,
): ResourceRule[] {
  if (!specs || specs.length === 0) return [];
  let rules = compiled.get(specs);
  if (!rules) compiled.set(specs, (rules = specs.map(compileCustomRule)));
  return rules;
}
