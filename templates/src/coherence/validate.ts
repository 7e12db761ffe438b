import { validateKubernetesObjects } from '../__testUtils__/kubernetes';

/**
 * Validates objects against Kubernetes' and Argo CD's published schemas
 * (kubernetes-models, @kubernetes-models/argo-cd), once each: one finding
 * per object that does not validate, or whose kind has no schema.
 */
export function validationFindings(
  items: Array<{ object: any; from: string }>,
): string[] {
  const seen = new Set<string>();
  const unique = items.filter(({ object }) => {
    const key = JSON.stringify(object);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return [];
  const results = validateKubernetesObjects(unique.map(x => x.object));
  return results.flatMap((r, i) => {
    if (r.ok) return [];
    const { object: o, from } = unique[i];
    return [`validate: ${from} ${o.kind} ${o.metadata?.name}: ${r.error}`];
  });
}
