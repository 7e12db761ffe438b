import type { DriftedResource } from '@groundwork/plugin-platform-status-common';

/** Resources kept per environment; a larger drift is summed up in the reason. */
export const MAX_RESOURCES = 200;
/** Attribute paths kept per resource. */
const MAX_ATTRIBUTES = 50;

function join(path: string, key: string | number) {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Paths whose values differ between two JSON values; names only, never values. */
function changedPaths(
  before: unknown,
  after: unknown,
  path: string,
  out: string[],
) {
  if (out.length >= MAX_ATTRIBUTES) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      changedPaths(before[i], after[i], join(path, i), out);
    }
    return;
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys.sort()) {
      changedPaths(before[key], after[key], join(path, key), out);
    }
    return;
  }
  // An absent attribute and an empty one are the same to a reader.
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0);
  if (empty(before) && empty(after)) return;
  if (JSON.stringify(before) !== JSON.stringify(after))
    out.push(path || '(whole object)');
}

/**
 * What changed outside Terraform, from a plan's `resource_drift` (the JSON
 * output format, https://developer.hashicorp.com/terraform/internals/json-format):
 * each entry's address, its actions (`update`, `delete`) and the attribute
 * paths whose `before` and `after` differ. Values are never copied: a
 * changed password shows as `password`, not as its value.
 */
export function driftedResources(plan: unknown): DriftedResource[] {
  const drift = (plan as { resource_drift?: unknown[] } | null)?.resource_drift;
  if (!Array.isArray(drift)) return [];
  const resources = drift.flatMap((entry: any): DriftedResource[] => {
    if (typeof entry?.address !== 'string') return [];
    const actions: string[] = Array.isArray(entry.change?.actions)
      ? entry.change.actions
      : [];
    const action = actions.includes('delete')
      ? 'delete'
      : actions.join(',') || 'update';
    const attributes: string[] = [];
    if (action !== 'delete') {
      changedPaths(entry.change?.before, entry.change?.after, '', attributes);
    }
    return [{ address: entry.address, action, attributes }];
  });
  return resources
    .sort((a, b) => a.address.localeCompare(b.address))
    .slice(0, MAX_RESOURCES);
}

/** The count of drifted entries, when there are more than are kept. */
export function driftCount(plan: unknown): number {
  const drift = (plan as { resource_drift?: unknown[] } | null)?.resource_drift;
  return Array.isArray(drift) ? drift.length : 0;
}
