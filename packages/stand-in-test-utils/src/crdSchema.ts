/**
 * Rewrites a Kubernetes structural schema into plain JSON schema: objects
 * with `properties` accept nothing else unless the schema preserves unknown
 * fields, and `x-kubernetes-int-or-string` becomes a union.
 */
export function structuralSchema(node: any): any {
  if (Array.isArray(node)) return node.map(structuralSchema);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === 'properties'
        ? Object.fromEntries(
            Object.entries(value as object).map(([k, v]) => [
              k,
              structuralSchema(v),
            ]),
          )
        : structuralSchema(value);
  }
  if (out['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    !out['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}
