import type { JsonValue, PlanResource } from '../../plan/types';
import type { AttributePath } from '../../plan/values';
import type { RuleContext } from '../types';
import { globMatches } from './glob';
import { parseAttributePath } from './path';
import type { AttributeCondition, Condition, Scalar } from './types';

/** Three-valued: a value the plan hides until apply makes a condition unknown. */
export type Truth = 'true' | 'false' | 'unknown';

export interface Answer {
  truth: Truth;
  /** What decided it, in words: the attribute and its value, or the count of related resources. */
  why: string;
}

/** A condition compiled once per rule: paths parsed, checks chosen. */
export type CompiledCondition = (
  resource: PlanResource,
  ctx: RuleContext,
) => Answer;

const show = (v: JsonValue | undefined) =>
  v === null || v === undefined ? 'not set' : JSON.stringify(v);

const asNumber = (v: JsonValue): number | undefined => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
    return Number(v);
  return undefined;
};

type Operator = (value: JsonValue) => boolean;

function operatorOf(c: AttributeCondition): { test: Operator; text: string } {
  const list = (xs: Scalar[]) => xs.map(x => JSON.stringify(x)).join(', ');
  const compare =
    (bound: number, ok: (a: number, b: number) => boolean): Operator =>
    v => {
      const n = asNumber(v);
      return n !== undefined && ok(n, bound);
    };
  if (c.exists !== undefined)
    return {
      test: v => (v !== null) === c.exists,
      text: c.exists ? 'is set' : 'is not set',
    };
  if (c.equals !== undefined)
    return { test: v => v === c.equals, text: `equals ${show(c.equals)}` };
  if (c.notEquals !== undefined)
    return {
      test: v => v !== c.notEquals,
      text: `does not equal ${show(c.notEquals)}`,
    };
  if (c.in)
    return {
      test: v => c.in!.includes(v as Scalar),
      text: `is one of ${list(c.in)}`,
    };
  if (c.notIn)
    return {
      test: v => !c.notIn!.includes(v as Scalar),
      text: `is none of ${list(c.notIn)}`,
    };
  if (c.matches !== undefined)
    return {
      test: v =>
        (typeof v === 'string' || typeof v === 'number') &&
        globMatches(c.matches!, String(v)),
      text: `matches ${JSON.stringify(c.matches)}`,
    };
  if (c.contains !== undefined)
    return {
      test: v =>
        Array.isArray(v)
          ? v.includes(c.contains as JsonValue)
          : typeof v === 'string' && v.includes(String(c.contains)),
      text: `contains ${show(c.contains)}`,
    };
  if (c.greaterThan !== undefined)
    return {
      test: compare(c.greaterThan, (a, b) => a > b),
      text: `is greater than ${c.greaterThan}`,
    };
  if (c.greaterThanOrEqual !== undefined)
    return {
      test: compare(c.greaterThanOrEqual, (a, b) => a >= b),
      text: `is at least ${c.greaterThanOrEqual}`,
    };
  if (c.lessThan !== undefined)
    return {
      test: compare(c.lessThan, (a, b) => a < b),
      text: `is less than ${c.lessThan}`,
    };
  return {
    test: compare(c.lessThanOrEqual!, (a, b) => a <= b),
    text: `is at most ${c.lessThanOrEqual}`,
  };
}

function compileAttribute(c: AttributeCondition): CompiledCondition {
  const path = parseAttributePath(c.attribute) as AttributePath;
  const { test, text } = operatorOf(c);
  const expectation = `the rule expects ${c.attribute} ${text}`;
  return (resource, ctx) => {
    const read = ctx.read(resource, path);
    let value: JsonValue;
    let note = '';
    if (read.state === 'known') {
      value = read.value;
    } else if (!read.configured && c.default !== undefined) {
      value = c.default;
      note = ' (provider default)';
    } else {
      return {
        truth: 'unknown',
        why: `${c.attribute} is only known after apply; ${expectation}`,
      };
    }
    return {
      truth: test(value) ? 'true' : 'false',
      why: `${c.attribute} is ${show(value)}${note}; ${expectation}`,
    };
  };
}

interface Related {
  min: number;
  max?: number;
  where?: CompiledCondition;
}

/** Counts related resources that satisfy `where`: surely, and possibly. */
function judgeCount(
  label: (sure: number) => string,
  related: readonly PlanResource[],
  unresolvedPossible: number,
  spec: Related,
  ctx: RuleContext,
): Answer {
  let sure = 0;
  let maybe = unresolvedPossible;
  for (let i = 0; i < related.length; i++) {
    const truth = spec.where ? spec.where(related[i], ctx).truth : 'true';
    if (truth === 'true') sure++;
    else if (truth === 'unknown') maybe++;
  }
  const bounds =
    spec.max === undefined
      ? `at least ${spec.min}`
      : `between ${spec.min} and ${spec.max}`;
  const found = `${label(sure)}${
    maybe > 0 ? ` (and ${maybe} that may, once applied)` : ''
  }; the rule expects ${bounds}`;
  const tooFew = sure + maybe < spec.min;
  const tooMany = spec.max !== undefined && sure > spec.max;
  if (tooFew || tooMany) return { truth: 'false', why: found };
  if (sure >= spec.min && (spec.max === undefined || sure + maybe <= spec.max))
    return { truth: 'true', why: found };
  return { truth: 'unknown', why: found };
}

/**
 * Per evaluation, how many unresolved sources of a relation might satisfy
 * a `where`: computed once, so a rule stays linear in the plan's size.
 */
const possibleCache = new WeakMap<
  readonly PlanResource[],
  WeakMap<object, number>
>();

function possibleAmong(
  unresolved: readonly PlanResource[],
  key: object,
  where: CompiledCondition | undefined,
  ctx: RuleContext,
): number {
  if (unresolved.length === 0) return 0;
  let byKey = possibleCache.get(unresolved);
  if (!byKey) possibleCache.set(unresolved, (byKey = new WeakMap()));
  let n = byKey.get(key);
  if (n === undefined) {
    n = 0;
    for (const r of unresolved)
      if (!where || where(r, ctx).truth !== 'false') n++;
    byKey.set(key, n);
  }
  return n;
}

/** Compiles a validated condition (see validate.ts). */
export function compileCondition(c: Condition): CompiledCondition {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (resource, ctx) => {
      let unknown: Answer | undefined;
      for (const part of parts) {
        const a = part(resource, ctx);
        if (a.truth === 'false') return a;
        if (a.truth === 'unknown') unknown ??= a;
      }
      return (
        unknown ?? { truth: 'true', why: `all ${parts.length} conditions hold` }
      );
    };
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (resource, ctx) => {
      let unknown: Answer | undefined;
      const reasons: string[] = [];
      for (const part of parts) {
        const a = part(resource, ctx);
        if (a.truth === 'true') return a;
        if (a.truth === 'unknown') unknown ??= a;
        reasons.push(a.why);
      }
      return (
        unknown ?? { truth: 'false', why: `none holds: ${reasons.join('; ')}` }
      );
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (resource, ctx) => {
      const a = inner(resource, ctx);
      if (a.truth === 'unknown') return a;
      return {
        truth: a.truth === 'true' ? 'false' : 'true',
        why: `${a.why}, and the rule forbids that`,
      };
    };
  }
  if ('referencedBy' in c) {
    const { type, attribute, where, min = 1, max } = c.referencedBy;
    const spec: Related = {
      min,
      max,
      where: where ? compileCondition(where) : undefined,
    };
    const key = {};
    return (resource, ctx) => {
      const relations = ctx.plan.relations;
      const sources = relations.liveReferrers(resource, type, attribute);
      const unresolved = relations.liveUnresolved(type, attribute);
      const possible = possibleAmong(unresolved, key, spec.where, ctx);
      return judgeCount(
        sure =>
          spec.where
            ? `${sure} of ${sources.length} ${type} pointing here through ${attribute} qualify`
            : `${sure} ${type} point here through ${attribute}`,
        sources,
        possible,
        spec,
        ctx,
      );
    };
  }
  if ('references' in c) {
    const { attribute, where, min = 1, max } = c.references;
    const spec: Related = {
      min,
      max,
      where: where ? compileCondition(where) : undefined,
    };
    return (resource, ctx) => {
      const relations = ctx.plan.relations;
      const targets = relations.targets(resource, attribute);
      if (targets.length === 0) {
        // Set, yet tied to nothing in this plan: it names a resource made
        // elsewhere, or one whose id is only known after apply.
        const read = ctx.read(resource, [attribute]);
        if (read.state === 'unknown' || read.value !== null)
          return {
            truth: 'unknown',
            why: `${attribute} points at nothing this plan shows (a resource made elsewhere, or an id known only after apply)`,
          };
      }
      return judgeCount(
        sure =>
          spec.where
            ? `${sure} of ${targets.length} resources named by ${attribute} qualify`
            : `${sure} resources named by ${attribute}`,
        targets,
        0,
        spec,
        ctx,
      );
    };
  }
  return compileAttribute(c);
}
