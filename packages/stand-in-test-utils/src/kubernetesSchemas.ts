import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { clusterPolicyProblems } from './kyverno/clusterPolicy';
import { customResourceProblems, hasVendoredCrd } from './customResource';

interface ValidationResult {
  ok: boolean;
  error?: string;
}

/**
 * Validates objects against Kubernetes' (and Argo CD's, cert-manager's)
 * published schemas through kubernetes-models, run by Node in a child
 * process because the packages are ES modules only; the custom resources
 * whose CRDs are vendored in contracts/ (Kyverno, External Secrets,
 * Prometheus Operator) against those CRDs, the release the environment
 * pins. An unknown apiVersion/kind is an error.
 */
export function validateKubernetesObjects(
  objects: unknown[],
): ValidationResult[] {
  const isKyverno = (o: any) => String(o?.apiVersion).startsWith('kyverno.io/');
  const byCrd = (o: unknown) => isKyverno(o) || hasVendoredCrd(o);
  const others = validateWithModels(objects.filter(o => !byCrd(o)));
  return objects.map(o => {
    if (!byCrd(o)) return others.shift()!;
    const problems = isKyverno(o)
      ? clusterPolicyProblems(o)
      : customResourceProblems(o);
    return problems.length === 0
      ? { ok: true }
      : { ok: false, error: problems.join('; ') };
  });
}

function validateWithModels(objects: unknown[]): ValidationResult[] {
  if (objects.length === 0) return [];
  // eslint-disable-next-line no-restricted-syntax
  const script = path.join(__dirname, 'validateKubernetes.mjs');
  const out = execFileSync(process.execPath, [script], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out);
}
