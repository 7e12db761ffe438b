import type { Plan, PlanResource } from './types';
import { AttributePath, AttributeValue, getPath, maskCovers } from './values';

/**
 * Reads an attribute of the planned (after) state, telling apart values
 * Terraform knows, values hidden until apply, and provider defaults.
 */
export function readAttribute(
  plan: Plan,
  resource: PlanResource,
  path: AttributePath,
): AttributeValue {
  const values = resource.after ?? resource.before;
  if (resource.after && maskCovers(resource.afterUnknown, path)) {
    return {
      state: 'unknown',
      configured: isConfigured(plan, resource, String(path[0])),
    };
  }
  const value = getPath(values ?? undefined, path);
  return { state: 'known', value: value === undefined ? null : value };
}

/**
 * Whether the configuration writes the top-level attribute. Without a
 * configuration section nothing can be ruled out, so the answer is yes.
 */
export function isConfigured(
  plan: Plan,
  resource: PlanResource,
  attribute: string,
): boolean {
  if (!plan.hasConfiguration) return true;
  const cfg = plan.config.resource(
    resource.configModulePath,
    resource.configAddress,
  );
  if (!cfg) return true;
  return Object.prototype.hasOwnProperty.call(cfg.expressions, attribute);
}
