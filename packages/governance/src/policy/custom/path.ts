import type { AttributePath } from '../../plan/values';

/** Keys that would reach an object's prototype rather than its data. */
const FORBIDDEN_STEPS = new Set(['__proto__', 'constructor', 'prototype']);
const STEP = /^[A-Za-z0-9_-]{1,128}$/;
export const MAX_PATH_STEPS = 12;

/**
 * `versioning.0.enabled` → ['versioning', 0, 'enabled']. Returns a reason
 * instead when the path cannot name plan data.
 */
export function parseAttributePath(text: string): AttributePath | string {
  const steps = text.split('.');
  if (steps.length > MAX_PATH_STEPS)
    return `has ${steps.length} steps; at most ${MAX_PATH_STEPS} are allowed`;
  const path: Array<string | number> = [];
  for (const step of steps) {
    if (!STEP.test(step))
      return `step "${step}" must be letters, digits, "_" or "-" (write list indices as numbers: tags.0)`;
    if (FORBIDDEN_STEPS.has(step))
      return `step "${step}" is not allowed: it names an object's prototype, not plan data`;
    path.push(/^\d+$/.test(step) ? Number(step) : step);
  }
  return path;
}
