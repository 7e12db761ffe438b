import type { JsonValue, PlanResource } from '../../../../plan/types';
import { relationTargets } from '../../../../plan/relations';
import {
  asNumber,
  asObject,
  asStringList,
  blocks,
  type AttributePath,
} from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectTrue,
  fail,
  hiddenUntilApply,
  labelOf,
  notApplicable,
  pass,
  resourceRule,
  unknown,
} from '../../helpers';

export { labelOf } from '../../helpers';
export { registryDocsOf as awsDoc } from '../../helpers';

/** The rule metadata resourceRule takes. */
export type RuleInput = Parameters<typeof resourceRule>[0];

/**
 * The resources the configuration expression at `path` refers to (nested
 * blocks are lists of bodies in the configuration; the first body is read).
 */
function references(
  resource: PlanResource,
  ctx: RuleContext,
  path: AttributePath,
): string[] {
  let node: JsonValue | undefined =
    ctx.plan.config.resourceOf(resource)?.expressions;
  for (const step of path) {
    if (Array.isArray(node)) node = node[typeof step === 'number' ? step : 0];
    if (typeof step === 'number') continue;
    const obj = asObject(node);
    node = obj && Object.hasOwn(obj, step) ? obj[step] : undefined;
  }
  return asStringList(asObject(node)?.references);
}

/** AWS-managed key aliases (`alias/aws/rds`) are not customer-managed. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/**
 * Whether a top-level key attribute names a customer-managed KMS key. A
 * known value is judged; a value hidden until apply passes only when the
 * configuration points it at an `aws_kms_key` or `aws_kms_alias` of the
 * plan (those are customer-managed by definition); unset means the service
 * uses its AWS-managed or AWS-owned key.
 */
export function judgeCmk(
  resource: PlanResource,
  ctx: RuleContext,
  path: string | AttributePath,
  service: string,
): RuleOutcome {
  const steps = typeof path === 'string' ? [path] : path;
  const attr = labelOf(steps);
  const read = ctx.read(resource, steps);
  if (read.state === 'known') {
    const v = read.value;
    if (typeof v !== 'string' || v === '')
      return fail(
        `${attr} is not set: ${service} uses an AWS-managed key; set it to a customer-managed KMS key.`,
      );
    if (AWS_MANAGED_ALIAS.test(v))
      return fail(
        `${attr} is the AWS-managed alias ${v}; use a customer-managed KMS key.`,
      );
    return pass(`${attr} names the KMS key ${v}.`);
  }
  if (!read.configured)
    return fail(
      `${attr} is not set: ${service} uses an AWS-managed key (provider default); set a customer-managed KMS key.`,
    );
  const key = references(resource, ctx, steps).find(
    r => r.startsWith('aws_kms_key.') || r.startsWith('aws_kms_alias.'),
  );
  if (key) return pass(`${attr} refers to the customer-managed key ${key}.`);
  // Through module inputs and outputs: the relation index follows them.
  if (relationTargets(resource.type, attr)) {
    const target = ctx.plan.relations.targets(resource, attr)[0];
    if (target)
      return pass(
        `${attr} refers to the customer-managed key ${target.address}.`,
      );
  }
  return hiddenUntilApply(attr);
}

/** Declares a rule that a key attribute names a customer-managed KMS key. */
export function cmkRule(
  input: RuleInput,
  attr: string | AttributePath,
  service: string,
  applies?: (r: PlanResource, ctx: RuleContext) => RuleOutcome | undefined,
) {
  return resourceRule(
    input,
    (r, ctx) => applies?.(r, ctx) ?? judgeCmk(r, ctx, attr, service),
  );
}

/** Declares a rule that a boolean attribute is true. */
export function flagRule(
  input: RuleInput,
  path: AttributePath,
  what: string,
  providerDefault: boolean | undefined,
  applies?: (r: PlanResource, ctx: RuleContext) => RuleOutcome | undefined,
) {
  return resourceRule(input, (r, ctx) => {
    const skip = applies?.(r, ctx);
    if (skip) return skip;
    if (providerDefault === undefined) {
      // No single default to judge by (expectTrue would assume false).
      const read = ctx.read(r, path);
      if (read.state === 'unknown' && !read.configured)
        return unknown(
          `${labelOf(
            path,
          )} is not set and its default depends on the provider version; set it explicitly.`,
        );
    }
    return expectTrue(ctx, r, path, what, providerDefault ?? false);
  });
}

/**
 * Reads a block attribute at `path` (e.g. `['vpc_options', 0,
 * 'security_group_ids']`), first checking that the block itself is known:
 * returns the value, or an outcome when it cannot be read.
 */
export function readValue(
  r: PlanResource,
  ctx: RuleContext,
  path: AttributePath,
): { value: JsonValue } | { outcome: RuleOutcome; configured: boolean } {
  const read = ctx.read(r, path);
  if (read.state === 'known') return { value: read.value };
  return {
    outcome: hiddenUntilApply(labelOf(path)),
    configured: read.configured,
  };
}

/**
 * Whether a string-list attribute (log exports) holds any of `wanted`
 * (any value at all when `wanted` is empty). Unset means nothing is exported.
 */
export function judgeListIncludes(
  r: PlanResource,
  ctx: RuleContext,
  attr: string,
  wanted: readonly string[],
  what: string,
): RuleOutcome {
  const read = ctx.read(r, [attr]);
  if (read.state === 'unknown' && read.configured)
    return hiddenUntilApply(attr);
  const values = read.state === 'known' ? asStringList(read.value) : [];
  const hit =
    wanted.length === 0
      ? values
      : values.filter(v => (wanted as string[]).includes(v));
  if (hit.length > 0)
    return pass(`${what}: ${attr} includes ${hit.join(', ')}.`);
  const need = wanted.length > 0 ? wanted.join(' or ') : 'a log type';
  return fail(
    `${what} is off: ${attr} ${
      values.length > 0 ? `is [${values.join(', ')}]` : 'is empty or not set'
    }; add ${need}.`,
  );
}

/**
 * Whether a numeric retention attribute is at least `min` days, with the
 * service's default when it is unset.
 */
export function judgeRetention(
  r: PlanResource,
  ctx: RuleContext,
  attr: string,
  min: number,
  serviceDefault: number,
): RuleOutcome {
  const read = ctx.read(r, [attr]);
  let days: number | undefined;
  let note = '';
  if (read.state === 'unknown') {
    if (read.configured) return hiddenUntilApply(attr);
    days = serviceDefault;
    note = ` (${attr} is not set; the provider default applies)`;
  } else if (read.value === null) {
    days = serviceDefault;
    note = ` (${attr} is not set; the provider default applies)`;
  } else {
    days = asNumber(read.value);
  }
  if (days === undefined) return hiddenUntilApply(attr);
  if (days < min)
    return fail(
      `${attr} is ${days}${note}; keep backups at least ${min} days.`,
    );
  return pass(`${attr} is ${days} days${note}.`);
}

/** The engine, when known. */
export function engineOf(r: PlanResource): string | undefined {
  const e = r.after?.engine ?? r.before?.engine;
  return typeof e === 'string' ? e : undefined;
}

/**
 * For rules on settings Aurora keeps on the cluster: an aws_db_instance
 * with an Aurora engine is not judged.
 */
export function auroraInstance(r: PlanResource): RuleOutcome | undefined {
  const engine = engineOf(r);
  return r.type === 'aws_db_instance' && engine?.startsWith('aurora')
    ? notApplicable(
        'Aurora instances take this setting from their aws_rds_cluster.',
      )
    : undefined;
}

/** The blocks at a top-level attribute, or undefined when hidden. */
export function knownBlocks(
  r: PlanResource,
  ctx: RuleContext,
  attr: string,
): ReturnType<typeof blocks> | undefined {
  const read = ctx.read(r, [attr]);
  if (read.state === 'unknown') return read.configured ? undefined : [];
  return blocks(read.value);
}
