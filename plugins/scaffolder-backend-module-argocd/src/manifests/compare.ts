import { prune } from './render';

/** One field whose value differs between what exists and what is asked for. */
interface Difference {
  path: string;
  existing: unknown;
  requested: unknown;
}

/** Every leaf path where `existing` and `requested` differ; lists compare whole. */
export function diff(
  existing: unknown,
  requested: unknown,
  path = '',
): Difference[] {
  const a = prune(existing);
  const b = prune(requested);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap(key =>
      diff(a[key], b[key], path ? `${path}.${key}` : key),
    );
  }
  return canonical(a) === canonical(b)
    ? []
    : [{ path, existing: a, requested: b }];
}

/**
 * Entries of `requested` missing or different in `existing`: for labels,
 * annotations and finalizers, which Argo CD and other tools add to, and
 * which an upsert merges rather than replaces.
 */
export function missingEntries(
  existing: Record<string, string> | undefined,
  requested: Record<string, string> | undefined,
  path: string,
): Difference[] {
  return Object.entries(requested ?? {})
    .filter(([key, value]) => existing?.[key] !== value)
    .map(([key, value]) => ({
      path: `${path}.${key}`,
      existing: existing?.[key],
      requested: value,
    }));
}

/** `- spec.source.targetRevision: Argo CD has "main", the template asks for "v2"` */
export function describeDifferences(
  differences: Difference[],
  where: string,
): string {
  return differences
    .map(
      d =>
        `- ${d.path}: ${where} has ${show(
          d.existing,
        )}, the template asks for ${show(d.requested)}`,
    )
    .join('\n');
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/** JSON with sorted keys: equality that ignores key order. */
export function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(value, (_key, v) =>
    isPlainObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}
