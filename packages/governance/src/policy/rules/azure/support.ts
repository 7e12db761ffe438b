import type { JsonObject, JsonValue, PlanResource } from '../../../plan/types';
import { asObject, AttributePath, isUnset } from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import { expectAttribute, isFalse, isTrue, labelOf } from '../helpers';

export { labelOf } from '../helpers';
export { registryDocsOf as docsOf } from '../helpers';

/** The first block of a nested block list in the planned state, if any. */
export function firstBlock(
  resource: PlanResource,
  name: string,
): JsonObject | undefined {
  const value = resource.after?.[name];
  return Array.isArray(value) ? asObject(value[0]) : asObject(value);
}

/**
 * azurerm 4.0 renamed many attributes (`enable_x` became `x_enabled`); a
 * plan carries one of the names, in its values or its unknown mask. Returns
 * the one present, or the current name when neither is.
 */
export function nameIn(
  values: JsonObject | undefined | null,
  mask: JsonValue | undefined,
  names: readonly string[],
): string {
  const masked = asObject(mask ?? null);
  return (
    names.find(n => (values && n in values) || (masked && n in masked)) ??
    names[0]
  );
}

/** nameIn for a top-level attribute of a resource. */
export const attrOf = (resource: PlanResource, names: readonly string[]) =>
  nameIn(resource.after, resource.afterUnknown, names);

/** nameIn for an attribute of the first block `block` of a resource. */
export function blockAttrOf(
  resource: PlanResource,
  block: string,
  names: readonly string[],
): AttributePath {
  const mask = asObject(resource.afterUnknown ?? null)?.[block];
  const maskBlock = Array.isArray(mask) ? mask[0] : undefined;
  return [block, 0, nameIn(firstBlock(resource, block), maskBlock, names)];
}

interface FlagSpec {
  /** The compliant value. */
  want: boolean;
  /** What the provider does when the attribute is not set; none: must be set. */
  byDefault?: boolean;
  /** What compliance means, e.g. "Only TLS connections are accepted". */
  good: string;
  /** What the opposite means, e.g. "The non-TLS port 6379 is open". */
  bad: string;
}

/**
 * A boolean that must have one value. Known values are judged (null meaning
 * the provider default), hidden ones are unknown, and computed unset ones
 * take the provider default. Messages name the attribute.
 */
export function expectFlag(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  spec: FlagSpec,
): RuleOutcome {
  const label = labelOf(path);
  const asBool = (v: JsonValue): boolean | undefined => {
    if (isTrue(v)) return true;
    if (isFalse(v)) return false;
    return v === null ? spec.byDefault : undefined;
  };
  return expectAttribute(ctx, resource, path, {
    label,
    compliant: v => asBool(v) === spec.want,
    passMessage: `${spec.good} (${label} = ${spec.want})`,
    failMessage: `${spec.bad}: set ${label} = ${spec.want}`,
    providerDefault: spec.byDefault,
  });
}

/** A value that must be set (an id, a non-empty list or block). */
export function expectSet(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  spec: { good: string; bad: string },
): RuleOutcome {
  const label = labelOf(path);
  return expectAttribute(ctx, resource, path, {
    label,
    compliant: v => !isUnset(v) && !(Array.isArray(v) && v.length === 0),
    passMessage: `${spec.good} (${label} is set)`,
    failMessage: `${spec.bad}: ${label} is not set`,
  });
}

/** A string attribute that must be one of `allowed`. */
export function expectOneOf(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  spec: {
    allowed: ReadonlyArray<string | number>;
    byDefault?: string;
    good: string;
    bad: string;
  },
): RuleOutcome {
  const label = labelOf(path);
  const allowed = new Set(spec.allowed.map(String));
  const choices = [...allowed].join(' or ');
  // Name the value found, so the message says what to change from.
  const read = ctx.read(resource, path);
  const found =
    read.state === 'known' && read.value !== null
      ? ` (${label} is "${String(read.value)}")`
      : '';
  return expectAttribute(ctx, resource, path, {
    label,
    compliant: v => {
      const value = v === null ? spec.byDefault : v;
      return value !== undefined && allowed.has(String(value));
    },
    passMessage: `${spec.good} (${label} is ${choices})`,
    failMessage: `${spec.bad}${found}: set ${label} to ${choices}`,
    providerDefault: spec.byDefault,
  });
}
