import type { CloudProvider, RuleMetadata } from '../types';
import { CHECKOV, CheckovCatalogue, CheckovCheck } from './catalogue';
import { EXCLUSIONS } from './exclusions';
import type { CoverageExclusion, ExclusionReason } from './exclusions';
import { AWS_SCOPE } from './scope';

export type CheckStatus = 'covered' | 'excluded' | 'missing';

export interface CheckCoverage {
  checkov: string;
  name: string;
  kind: CheckovCheck['kind'];
  status: CheckStatus;
  /** Groundwork rules that carry this Checkov id. */
  rules: string[];
  reason?: ExclusionReason;
  note?: string;
  coveredBy?: string;
}

export interface TypeCoverage {
  resourceType: string;
  provider: Exclude<CloudProvider, 'terraform'>;
  /** Whether every check on this type must be covered or excluded. */
  inScope: boolean;
  checks: CheckCoverage[];
}

export interface CoverageTotals {
  rules: number;
  checks: number;
  covered: number;
  excluded: number;
  missing: number;
}

export interface CoverageTable {
  checkov: { source: string; commit: string; licence: string };
  totals: Record<Exclude<CloudProvider, 'terraform'>, CoverageTotals>;
  /** The in-scope AWS types first, then every other type with a check. */
  resourceTypes: TypeCoverage[];
}

const PROVIDERS = ['aws', 'google', 'azurerm'] as const;

/**
 * Holds the rules against Checkov's catalogue: for each resource type, which
 * checks a rule covers, which the table excludes and why, and which are
 * simply missing. A check on several types counts once per provider.
 */
export function coverageTable(
  rules: readonly RuleMetadata[],
  catalogue: CheckovCatalogue = CHECKOV,
  exclusions: readonly CoverageExclusion[] = EXCLUSIONS,
): CoverageTable {
  const rulesByCheck = new Map<string, string[]>();
  for (const rule of rules) {
    for (const id of rule.references.checkov) {
      const list = rulesByCheck.get(id) ?? [];
      list.push(rule.id);
      rulesByCheck.set(id, list);
    }
  }
  const excluded = new Map(exclusions.map(e => [e.checkov, e]));

  const coverageOf = (check: CheckovCheck): CheckCoverage => {
    const ruleIds = rulesByCheck.get(check.id) ?? [];
    const exclusion = excluded.get(check.id);
    let status: CheckStatus = 'missing';
    if (ruleIds.length > 0) status = 'covered';
    else if (exclusion) status = 'excluded';
    return {
      checkov: check.id,
      name: check.name,
      kind: check.kind,
      status,
      rules: ruleIds,
      ...(status === 'excluded' && exclusion
        ? {
            reason: exclusion.reason,
            note: exclusion.note,
            ...(exclusion.coveredBy ? { coveredBy: exclusion.coveredBy } : {}),
          }
        : {}),
    };
  };

  const byType = new Map<string, TypeCoverage>();
  for (const check of catalogue.checks) {
    const entry = coverageOf(check);
    for (const type of check.resourceTypes) {
      let row = byType.get(type);
      if (!row) {
        row = {
          resourceType: type,
          provider: check.provider,
          inScope: AWS_SCOPE.has(type),
          checks: [],
        };
        byType.set(type, row);
      }
      row.checks.push(entry);
    }
  }
  const resourceTypes = [...byType.values()].sort(
    (a, b) =>
      Number(b.inScope) - Number(a.inScope) ||
      a.resourceType.localeCompare(b.resourceType),
  );

  const totals = Object.fromEntries(
    PROVIDERS.map(provider => {
      const checks = catalogue.checks
        .filter(c => c.provider === provider)
        .map(coverageOf);
      return [
        provider,
        {
          rules: rules.filter(r => r.provider === provider).length,
          checks: checks.length,
          covered: checks.filter(c => c.status === 'covered').length,
          excluded: checks.filter(c => c.status === 'excluded').length,
          missing: checks.filter(c => c.status === 'missing').length,
        },
      ];
    }),
  ) as CoverageTable['totals'];

  return {
    checkov: {
      source: catalogue.source,
      commit: catalogue.commit,
      licence: catalogue.licence,
    },
    totals,
    resourceTypes,
  };
}
