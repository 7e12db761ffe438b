import type {
  ArgoCdApplication,
  ArgoCdOperationInitiator,
} from '@groundwork/plugin-argocd-node';
import type { DeploymentRecord } from '@groundwork/plugin-platform-status-node';

/**
 * The app's one Git source, or undefined when it has several (`sources`)
 * or deploys a Helm chart from a chart repository: Argo CD's revision
 * metadata reads Git commits only.
 */
export function gitSourceOf(
  app: ArgoCdApplication,
): { repoURL: string } | undefined {
  const spec = app.spec as {
    source?: { repoURL?: string; chart?: string };
    sources?: unknown[];
  };
  if (spec.sources && spec.sources.length > 0) return undefined;
  const source = spec.source;
  if (!source?.repoURL || source.chart) return undefined;
  return { repoURL: source.repoURL };
}

function initiator(by?: ArgoCdOperationInitiator): string | undefined {
  if (by?.automated) return 'automated';
  return by?.username || undefined;
}

/**
 * The app's syncs as its status shows them: each `status.history` entry (a
 * successful sync, with the id a rollback names), and the current or last
 * operation when it did not succeed (failed, errored, still running), which
 * Argo CD keeps in `status.operationState` only. An entry and the operation
 * that made it share their start time, which keys both.
 */
export function deploymentsOf(app: ArgoCdApplication): DeploymentRecord[] {
  const status = app.status ?? {};
  const repoURL = gitSourceOf(app)?.repoURL;
  const records: DeploymentRecord[] = (status.history ?? []).map(h => {
    const id = Number(h.id);
    return {
      key: h.deployStartedAt ?? `id:${h.id}`,
      ...(Number.isInteger(id) && { historyId: id }),
      revision: h.revision ?? h.revisions?.[0],
      repoURL: h.source?.repoURL ?? repoURL,
      startedAt: h.deployStartedAt,
      finishedAt: h.deployedAt,
      result: 'Succeeded',
      initiatedBy: initiator(h.initiatedBy),
    };
  });
  const op = status.operationState;
  if (op?.phase && op.startedAt) {
    const same = records.find(r => r.startedAt === op.startedAt);
    if (same) {
      if (op.message) same.message = op.message;
    } else if (op.phase !== 'Succeeded') {
      records.push({
        key: op.startedAt,
        revision: op.syncResult?.revision ?? op.operation?.sync?.revision,
        repoURL,
        startedAt: op.startedAt,
        finishedAt: op.finishedAt,
        result: op.phase,
        message: op.message || undefined,
        initiatedBy: initiator(op.operation?.initiatedBy),
      });
    }
  }
  // What runs now is what the newest successful sync deployed.
  const images = status.summary?.images;
  const current = [...records].reverse().find(r => r.result === 'Succeeded');
  if (current && images && images.length > 0) current.images = [...images];
  return records;
}
