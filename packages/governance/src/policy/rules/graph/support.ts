import type { JsonObject, JsonValue, PlanResource } from '../../../plan/types';
import { parsePolicyJson } from '../policyJson';
import { asObject, blocks, isUnset } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import { hiddenUntilApply, unknown } from '../helpers';

/** Addresses for a message: "a, b and 2 more". */
export function addresses(resources: readonly PlanResource[]): string {
  const shown = resources.slice(0, 3).map(r => r.address);
  const rest = resources.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/**
 * What `source.attribute` points at, with the reason when nothing is found:
 * the attribute is not set, only known after apply (and not a reference
 * the configuration resolves), or a value that names nothing in the plan.
 */
export type Targets =
  | { kind: 'found'; targets: PlanResource[] }
  | { kind: 'unset' }
  | { kind: 'hidden' }
  | { kind: 'outside'; value: JsonValue };

export function targetsOf(
  ctx: RuleContext,
  source: PlanResource,
  attribute: string,
  path: ReadonlyArray<string | number> = [attribute],
): Targets {
  const targets = ctx.plan.relations.targets(source, attribute);
  if (targets.length > 0) return { kind: 'found', targets };
  const read = ctx.read(source, path);
  if (read.state === 'known')
    return isUnset(read.value) ||
      (Array.isArray(read.value) && read.value.length === 0)
      ? { kind: 'unset' }
      : { kind: 'outside', value: read.value };
  return read.configured ? { kind: 'hidden' } : { kind: 'unset' };
}

/**
 * Resources of `sourceType` that point at `target` through `attribute`,
 * and the ones of that type that could not be tied to anything (they may
 * point at `target`, so a missing link is not a proven absence).
 */
export function linked(
  ctx: RuleContext,
  target: PlanResource,
  sourceType: string,
  attribute: string,
): { found: PlanResource[]; orphans: PlanResource[] } {
  return {
    found: ctx.plan.relations.liveReferrers(target, sourceType, attribute),
    orphans: ctx.plan.relations.liveUnresolved(sourceType, attribute),
  };
}

/** The unknown verdict for a link that stays open because of orphans. */
export function orphanOutcome(
  what: string,
  orphans: readonly PlanResource[],
): RuleOutcome {
  return unknown(
    `No ${what} is tied to this resource, but ${addresses(
      orphans,
    )} could not be tied to a resource from the plan and may be it.`,
  );
}

export function unresolved(attribute: string): RuleOutcome {
  return hiddenUntilApply(
    `${attribute} (a reference the plan's configuration does not resolve)`,
  );
}

/** The first nested block of a known value, e.g. `viewer_certificate[0]`. */
export function firstBlock(value: JsonValue | undefined): JsonObject {
  return blocks(value ?? null)[0] ?? {};
}

/** The Statement list of a policy document given as JSON text or object. */
export function policyStatements(
  document: JsonValue,
): JsonObject[] | undefined {
  const doc =
    typeof document === 'string' ? parsePolicyJson(document) : document;
  if (doc === undefined) return undefined;
  const statement = asObject(doc ?? undefined)?.Statement;
  if (statement === undefined) return [];
  return Array.isArray(statement) ? blocks(statement) : blocks([statement]);
}

/** A string or a list of strings (policy Action, Resource) as a list. */
export function list(v: JsonValue | undefined): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v)) return [];
  return v.filter((x): x is string => typeof x === 'string');
}
