import { PersonaSystem } from '../render/types';

/**
 * What happened to one target: a GitHub membership, or a grant in a file
 * for review. `planned` is what a dry run reports; `skipped` is a target
 * left alone on purpose (the detail says why); `pending` waits for a
 * second person's approval.
 */
type TargetStatus =
  | 'added'
  | 'unchanged'
  | 'invited'
  | 'removed'
  | 'failed'
  | 'planned'
  | 'skipped'
  | 'pending';

export interface TargetResult {
  system: PersonaSystem;
  environment?: string;
  target: string;
  status: TargetStatus;
  detail?: string;
  /** The file that holds the grant, relative to the output directory. */
  file?: string;
}

export const SYSTEM_TITLES: Record<PersonaSystem, string> = {
  github: 'GitHub',
  catalog: 'Catalog',
  aws: 'AWS IAM Identity Center',
  gcp: 'GCP IAM',
  azure: 'Azure RBAC',
  kubernetes: 'Kubernetes RBAC',
  argocd: 'Argo CD RBAC',
};

/** A sentence for the task log and the error of a run that did not finish. */
export function describeOutcome(results: TargetResult[]): string {
  const done = results.filter(r =>
    ['added', 'invited', 'removed', 'unchanged'].includes(r.status),
  );
  const failed = results.filter(r => r.status === 'failed');
  const line = (r: TargetResult) =>
    `${SYSTEM_TITLES[r.system]} ${r.target}${
      r.environment ? ` (${r.environment})` : ''
    }: ${r.status}${r.detail ? `, ${r.detail}` : ''}`;
  return [
    `Done (${done.length}): ${done.map(line).join('; ') || 'nothing'}.`,
    `Not done (${failed.length}): ${failed.map(line).join('; ')}.`,
  ].join(' ');
}
