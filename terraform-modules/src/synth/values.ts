/**
 * Values during plan synthesis. Terraform's "known after apply" is the
 * UNKNOWN singleton; it propagates through every operation that depends on
 * it, as it does in Terraform.
 */

export class UnknownValue {
  readonly unknown = true;
  toString() {
    return '(known after apply)';
  }
}

export const UNKNOWN = new UnknownValue();

/**
 * Marks an object as a resource or data source instance: reading an
 * attribute that the configuration does not set gives UNKNOWN (the provider
 * computes it), where a plain object would raise "unsupported attribute".
 */
export const COMPUTED = Symbol('computed');

export type Value =
  | null
  | boolean
  | number
  | string
  | UnknownValue
  | Value[]
  | { [key: string]: Value };

export type ObjectValue = { [key: string]: Value } & { [COMPUTED]?: true };

export function isUnknown(v: unknown): v is UnknownValue {
  return v === UNKNOWN;
}

export function isObject(v: Value | undefined): v is ObjectValue {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !(v instanceof UnknownValue)
  );
}

/** True when the value holds UNKNOWN anywhere. */
export function containsUnknown(v: Value): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

export function computedObject(attrs: { [key: string]: Value }): ObjectValue {
  const obj: ObjectValue = { ...attrs };
  Object.defineProperty(obj, COMPUTED, { value: true, enumerable: false });
  return obj;
}

export function typeName(v: Value): string {
  if (v === null) return 'null';
  if (isUnknown(v)) return 'unknown';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Terraform's automatic conversion to string for templates and functions. */
export function toStringValue(v: Value, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TypeError(`${what}: cannot convert ${typeName(v)} to string`);
}

export function toNumberValue(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))
    return Number(v);
  throw new TypeError(`${what}: cannot convert ${typeName(v)} to number`);
}

export function toBoolValue(v: Value, what: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new TypeError(`${what}: cannot convert ${typeName(v)} to bool`);
}

export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length && ka.every(k => k in b && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Values as JSON, with UNKNOWN turned into null (as Terraform's `after`). */
export function toJsonAfter(v: Value): unknown {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(toJsonAfter);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (!isUnknown(x)) out[k] = toJsonAfter(x);
    }
    return out;
  }
  return v;
}

/** The `after_unknown` mask of a value. */
export function unknownMask(v: Value): unknown {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.map(unknownMask);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const m = unknownMask(x);
      if (m !== false) out[k] = m;
    }
    return out;
  }
  return false;
}
