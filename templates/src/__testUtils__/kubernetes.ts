import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface ValidationResult {
  ok: boolean;
  error?: string;
}

/**
 * Validates objects against Kubernetes' (and Argo CD's) published schemas
 * through kubernetes-models, run by Node in a child process because the
 * packages are ES modules only. An unknown apiVersion/kind is an error.
 */
export function validateKubernetesObjects(
  objects: unknown[],
): ValidationResult[] {
  // eslint-disable-next-line no-restricted-syntax
  const script = path.join(__dirname, 'validateKubernetes.mjs');
  const out = execFileSync(process.execPath, [script], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out);
}
