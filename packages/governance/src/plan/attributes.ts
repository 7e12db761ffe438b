import type { JsonValue, Plan, PlanResource } from './types';
import { AttributePath, AttributeValue, getPath, maskCovers } from './values';

// Reads that carry no data of their own are shared (and frozen): most
// attributes a rule reads are unset or hidden.
const KNOWN_NULL: AttributeValue = Object.freeze({
  state: 'known',
  value: null,
});
const UNKNOWN_CONFIGURED: AttributeValue = Object.freeze({
  state: 'unknown',
  configured: true,
});
const UNKNOWN_UNCONFIGURED: AttributeValue = Object.freeze({
  state: 'unknown',
  configured: false,
});

/**
 * Reads an attribute of the planned (after) state, telling apart values
 * Terraform knows, values hidden until apply, and provider defaults.
 */
export function readAttribute(
  plan: Plan,
  resource: PlanResource,
  path: AttributePath,
): AttributeValue {
  if (path.length === 1) return readTopLevel(plan, resource, path);
  if (resource.after && maskCovers(resource.afterUnknown, path)) {
    return isConfigured(plan, resource, path)
      ? UNKNOWN_CONFIGURED
      : UNKNOWN_UNCONFIGURED;
  }
  const value = getPath(resource.after ?? resource.before ?? undefined, path);
  return value === undefined || value === null
    ? KNOWN_NULL
    : { state: 'known', value };
}

/** readAttribute for a top-level attribute: most reads, without the path walk. */
function readTopLevel(
  plan: Plan,
  resource: PlanResource,
  path: AttributePath,
): AttributeValue {
  const key = path[0] as string;
  const after = resource.after;
  if (after) {
    const mask = resource.afterUnknown;
    if (
      mask === true ||
      (mask !== null &&
        typeof mask === 'object' &&
        !Array.isArray(mask) &&
        mask[key] === true)
    ) {
      return isConfigured(plan, resource, path)
        ? UNKNOWN_CONFIGURED
        : UNKNOWN_UNCONFIGURED;
    }
  }
  const values = after ?? resource.before;
  const value = values ? values[key] : undefined;
  return value === undefined || value === null
    ? KNOWN_NULL
    : { state: 'known', value };
}

/**
 * Whether the configuration writes the attribute at `path` (a top-level
 * name, or a path into nested blocks such as
 * `['vpc_config', 0, 'public_access_cidrs']`). "No" is answered only when
 * the configuration shows it: without a configuration section, without the
 * resource's block, or where block indices cannot be matched (sets,
 * dynamic blocks), the answer is yes, so that a value hidden until apply
 * is reported as unknown rather than judged by a provider default.
 */
export function isConfigured(
  plan: Plan,
  resource: PlanResource,
  path: AttributePath | string,
): boolean {
  if (!plan.hasConfiguration) return true;
  const cfg = plan.config.resourceOf(resource);
  if (!cfg) return true;
  const steps = typeof path === 'string' ? [path] : path;
  return writes(cfg.expressions, steps, 0);
}

/**
 * In the configuration's JSON an attribute is an expression object
 * (`constant_value` / `references`) and a nested block is a list of
 * bodies; walk blocks until the path ends or reaches an attribute.
 */
function writes(
  node: JsonValue | undefined,
  steps: AttributePath,
  at: number,
): boolean {
  if (at >= steps.length) return node !== undefined;
  if (node === null || node === undefined) return false;
  const step = steps[at];
  if (Array.isArray(node)) {
    // A list of block bodies. One body is the block itself; with several,
    // the plan's order need not match the configuration's (sets), so any
    // body that writes the rest of the path counts.
    if (node.length === 0) return false;
    if (typeof step === 'number') {
      return node.length === 1
        ? writes(node[0], steps, at + 1)
        : node.some(body => writes(body, steps, at + 1));
    }
    return node.some(body => writes(body, steps, at));
  }
  if (typeof node !== 'object') return true;
  if (typeof step === 'number') {
    // An index into an attribute (not a block): the attribute is written.
    return true;
  }
  if (!Object.prototype.hasOwnProperty.call(node, step)) return false;
  const child = node[step];
  const isExpression =
    child !== null &&
    typeof child === 'object' &&
    !Array.isArray(child) &&
    ('constant_value' in child || 'references' in child);
  // An attribute set as a whole writes everything below it.
  return isExpression ? true : writes(child, steps, at + 1);
}
