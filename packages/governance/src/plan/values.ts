import type { JsonObject, JsonValue } from './types';

export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? value
    : undefined;
}

export function asArray(value: JsonValue | undefined): JsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export type AttributePath = ReadonlyArray<string | number>;

/**
 * The value of an attribute at plan time.
 * - `known`: Terraform printed the value (possibly null: not set).
 * - `unknown`: the value appears only after apply. `configured` says whether
 *   the configuration sets the top-level attribute at all: when it does not,
 *   the provider computes a default, which rules may judge; when it does,
 *   the value is genuinely hidden and a rule must answer `unknown`.
 */
export type AttributeValue =
  | { state: 'known'; value: JsonValue }
  | { state: 'unknown'; configured: boolean };

/** One step into an object (by key) or a list (by index). */
function child(
  value: JsonValue | undefined,
  step: string | number,
): JsonValue | undefined {
  if (value === null || value === undefined || typeof value !== 'object')
    return undefined;
  if (Array.isArray(value))
    return typeof step === 'number' ? value[step] : undefined;
  return (value as JsonObject)[String(step)];
}

/** Walks a value along a path; undefined when a step is missing. */
export function getPath(
  value: JsonValue | undefined,
  path: AttributePath,
): JsonValue | undefined {
  let current = value;
  for (let i = 0; i < path.length && current !== undefined; i++)
    current = child(current, path[i]);
  return current;
}

/**
 * True when an unknown/sensitive mask marks the path (or one of its
 * ancestors, which hides every descendant) as true.
 */
export function maskCovers(
  mask: JsonValue | undefined,
  path: AttributePath,
): boolean {
  let current = mask;
  if (current === true) return true;
  for (let i = 0; i < path.length; i++) {
    current = child(current, path[i]);
    if (current === true) return true;
    if (current === undefined || current === null || current === false)
      return false;
  }
  return false;
}

/** True when any value below the path is unknown (deep check of the mask). */
export function maskHasAny(mask: JsonValue | undefined): boolean {
  if (mask === true) return true;
  if (mask === null || mask === undefined || typeof mask !== 'object')
    return false;
  if (Array.isArray(mask)) {
    for (let i = 0; i < mask.length; i++) if (maskHasAny(mask[i])) return true;
    return false;
  }
  for (const key in mask) if (maskHasAny(mask[key])) return true;
  return false;
}

/**
 * True when the value at `path`, or anything inside it, is only known after
 * apply: `cidr_blocks = [var.office]` is known to be a list, but its element
 * is not, and the mask shows that as `[true]`, not `true`.
 */
export function maskHidesAnyAt(
  mask: JsonValue | undefined,
  path: AttributePath,
): boolean {
  if (maskCovers(mask, path)) return true;
  return maskHasAny(getPath(mask, path));
}

/** Treats null, undefined and empty strings as "not set". */
export function isUnset(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || value === '';
}

const NO_BLOCKS: JsonObject[] = [];

/**
 * Nested blocks arrive as lists of objects; this returns the objects. The
 * list itself is returned when it holds only objects (the usual case), so
 * treat the result as read-only.
 */
export function blocks(value: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(value)) {
    const single = asObject(value);
    return single ? [single] : NO_BLOCKS;
  }
  for (let i = 0; i < value.length; i++) {
    if (asObject(value[i]) === undefined)
      return value
        .map(asObject)
        .filter((b): b is JsonObject => b !== undefined);
  }
  return value as JsonObject[];
}

export function asStringList(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return (asArray(value) ?? []).filter(
    (v): v is string => typeof v === 'string',
  );
}

export function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (
    typeof value === 'string' &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  ) {
    return Number(value);
  }
  return undefined;
}
