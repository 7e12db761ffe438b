import { fixtureText } from './__testUtils__/fixtures';
import { parsePlan } from './plan/parsePlan';
import { evaluatePlan } from './policy/evaluate';
import { RULES } from './policy/rules';
import type { ResourceRule, RuleContext } from './policy/types';
import type { Plan } from './plan/types';

/*
 * V8 discards optimised code once the hidden classes and functions it was
 * built for die. The objects the engine makes per plan or per evaluation
 * are therefore plain objects whose methods are shared functions (see
 * RelationState in plan/relations.ts): a class instance, a per-call closure
 * or a computed key would make the rules' optimised code die with each plan.
 * These tests hold that design in place; the benchmark measures what it buys.
 */

const FIXTURE = '02-checkov-nested-modules-s3-pab-tfplan.json';

function contextOf(plan: Plan): RuleContext {
  let seen: RuleContext | undefined;
  const template = RULES.find((r): r is ResourceRule => r.kind === 'resource')!;
  const spy: ResourceRule = {
    ...template,
    id: 'TEST-SPY',
    productionOnly: false,
    resourceTypes: plan.resources.map(r => r.type),
    check: (_resource, ctx) => {
      seen = ctx;
      return { verdict: 'pass', message: 'seen' };
    },
  };
  evaluatePlan(plan, { rules: [spy], environment: 'prod' });
  if (!seen) throw new Error('the spy rule never ran');
  return seen;
}

describe('objects the engine makes per plan', () => {
  // Two plans parsed from the same text: equal, never the same objects.
  const first = parsePlan(fixtureText(FIXTURE));
  const second = parsePlan(fixtureText(FIXTURE));

  it('are two plans', () => {
    expect(first).not.toBe(second);
    expect(first.relations).not.toBe(second.relations);
    expect(first.config).not.toBe(second.config);
  });

  it('are plain objects', () => {
    for (const plan of [first, second]) {
      expect(Object.getPrototypeOf(plan.relations)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(plan.config)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(contextOf(plan))).toBe(Object.prototype);
    }
  });

  it('share their methods from one plan to the next', () => {
    const a = contextOf(first);
    const b = contextOf(second);
    expect(a.read).toBe(b.read);
    expect(a.usage).toBe(b.usage);
    expect(first.relations.targets).toBe(second.relations.targets);
    expect(first.relations.referrers).toBe(second.relations.referrers);
    expect(first.config.resourceOf).toBe(second.config.resourceOf);
    expect(first.config.providerFor).toBe(second.config.providerFor);
  });

  it('give resources only their data as keys: no symbol, the same keys in the same order', () => {
    const keys = Object.keys(first.resources[0]);
    for (const r of [...first.resources, ...second.resources]) {
      expect(Object.getOwnPropertySymbols(r)).toEqual([]);
      expect(Object.keys(r)).toEqual(keys);
    }
  });

  it('still read through `this`, so two plans never see each other', () => {
    const a = contextOf(first);
    const b = contextOf(second);
    const bucket = first.resources.find(r => r.type === 'aws_s3_bucket')!;
    const other = second.resources.find(r => r.address === bucket.address)!;
    expect(a.plan).toBe(first);
    expect(b.plan).toBe(second);
    expect(a.read(bucket, ['bucket'])).toEqual(b.read(other, ['bucket']));
    expect(first.config.resourceOf(bucket)).not.toBe(
      second.config.resourceOf(other),
    );
    expect(first.config.resourceOf(bucket)).toEqual(
      second.config.resourceOf(other),
    );
  });
});
