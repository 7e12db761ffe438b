import { listRules } from '../listRules';
import { CHECKOV } from './catalogue';
import { EXCLUSIONS } from './exclusions';
import { AWS_SCOPE } from './scope';
import { coverageTable } from './table';

const rules = listRules();
const table = coverageTable(rules);
const checkIds = new Set(CHECKOV.checks.map(c => c.id));
const ruleIds = new Set(rules.map(r => r.id));

/**
 * Owners whose share of the in-scope checks must have nothing missing. An
 * area owns the resource and data checks on its types (`compute-network`,
 * `data`, `streams-analytics`, `identity-audit`); `graph` owns every graph check (CKV2_*) on in-scope
 * types. An owner joins the list when its rules and exclusions are complete.
 */
const ENFORCED: string[] = [
  'compute-network',
  'data',
  'streams-analytics',
  'identity-audit',
  'graph',
];

const ownerOf = (area: string, kind: string) =>
  kind === 'graph' ? 'graph' : area;

describe('coverage table', () => {
  it('names only Checkov ids that exist', () => {
    const unknownInRules = rules.flatMap(r =>
      r.references.checkov
        // Checkov's secrets framework scans files, not plans: not in the catalogue.
        .filter(id => !checkIds.has(id) && !id.startsWith('CKV_SECRET_'))
        .map(id => `${r.id} → ${id}`),
    );
    expect(unknownInRules).toEqual([]);
    expect(EXCLUSIONS.filter(e => !checkIds.has(e.checkov))).toEqual([]);
  });

  it('excludes a check only once, and never one a rule covers', () => {
    const seen = new Set<string>();
    const twice = EXCLUSIONS.filter(e =>
      seen.has(e.checkov) ? true : (seen.add(e.checkov), false),
    );
    expect(twice).toEqual([]);
    const covered = new Set(rules.flatMap(r => r.references.checkov));
    expect(EXCLUSIONS.filter(e => covered.has(e.checkov))).toEqual([]);
  });

  it('points each duplicate at a rule that exists and covers a check on the same types', () => {
    const bad = EXCLUSIONS.filter(e => e.reason === 'duplicate').filter(e => {
      if (!e.coveredBy || !ruleIds.has(e.coveredBy)) return true;
      const check = CHECKOV.checks.find(c => c.id === e.checkov)!;
      const rule = rules.find(r => r.id === e.coveredBy)!;
      return !rule.resourceTypes.some(t => check.resourceTypes.includes(t));
    });
    expect(bad.map(e => `${e.checkov} → ${e.coveredBy}`)).toEqual([]);
  });

  it('gives every exclusion a note a reviewer can check', () => {
    expect(EXCLUSIONS.filter(e => e.note.trim().length < 20)).toEqual([]);
  });

  it('counts each check once per provider', () => {
    for (const provider of ['aws', 'google', 'azurerm'] as const) {
      const t = table.totals[provider];
      expect(t.covered + t.excluded + t.missing).toBe(t.checks);
      expect(t.checks).toBe(
        CHECKOV.checks.filter(c => c.provider === provider).length,
      );
    }
  });

  it('lists the in-scope types first', () => {
    const firstOut = table.resourceTypes.findIndex(t => !t.inScope);
    expect(table.resourceTypes.slice(firstOut).every(t => !t.inScope)).toBe(
      true,
    );
    expect(table.resourceTypes.filter(t => t.inScope).length).toBe(
      [...AWS_SCOPE.keys()].filter(type =>
        CHECKOV.checks.some(c => c.resourceTypes.includes(type)),
      ).length,
    );
  });

  it.each([...AWS_SCOPE])(
    'answers for every enforced Checkov check on %s',
    (type, area) => {
      const row = table.resourceTypes.find(t => t.resourceType === type);
      const missing = (row?.checks ?? [])
        .filter(c => ENFORCED.includes(ownerOf(area, c.kind)))
        .filter(c => c.status === 'missing')
        .map(c => `${c.checkov} ${c.name}`);
      expect(missing).toEqual([]);
    },
  );
});
