import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  clusterPolicyProblems,
  crdObjectProblems,
  hasVendoredCrd,
} from '@groundwork/stand-in-test-utils';

interface ValidationResult {
  ok: boolean;
  error?: string;
}

/**
 * Validates objects against Kubernetes' (and Argo CD's) published schemas
 * through kubernetes-models, run by Node in a child process because the
 * packages are ES modules only; Kyverno's policies, which no such package
 * publishes, against Kyverno's own CRD (contracts/kyverno of
 * @groundwork/stand-in-test-utils), and Istio's and Velero's objects
 * against their CRDs (contracts/istio, contracts/velero). An unknown
 * apiVersion/kind is an error.
 */
export function validateKubernetesObjects(
  objects: unknown[],
): ValidationResult[] {
  const isKyverno = (o: any) => String(o?.apiVersion).startsWith('kyverno.io/');
  const vendored = (o: unknown) => isKyverno(o) || hasVendoredCrd(o);
  const others = validateWithModels(objects.filter(o => !vendored(o)));
  return objects.map(o => {
    if (!vendored(o)) return others.shift()!;
    const problems = isKyverno(o)
      ? clusterPolicyProblems(o)
      : crdObjectProblems(o);
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
