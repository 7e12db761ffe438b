import type {
  DeploymentHistoryEntry,
  DeploymentHistoryResponse,
} from '@groundwork/plugin-platform-status-common';
import type { StoredDeployment } from '../store/StatusStore';
import type { CompareUrl } from './compareUrl';

/**
 * The response body: newest first, each sync with a link to its
 * repository's compare view from the revision of the sync before it in the
 * same app and repository (when the revisions differ and the host has one).
 */
export function deploymentHistoryOf(
  entityRef: string,
  environment: string,
  stored: StoredDeployment[],
  compareUrl: CompareUrl,
): DeploymentHistoryResponse {
  const items = stored.map((d, i): DeploymentHistoryEntry => {
    const previous = stored
      .slice(i + 1)
      .find(
        p =>
          p.origin === d.origin &&
          p.appName === d.appName &&
          p.repoURL === d.repoURL &&
          p.revision,
      );
    const diffUrl =
      d.repoURL && d.revision && previous && previous.revision !== d.revision
        ? compareUrl(d.repoURL, previous.revision!, d.revision)
        : undefined;
    return {
      key: d.key,
      instance: d.origin,
      appName: d.appName,
      ...(d.historyId !== undefined && { historyId: d.historyId }),
      ...(d.revision && { revision: d.revision }),
      ...(d.repoURL && { repoUrl: d.repoURL }),
      ...(diffUrl && { diffUrl }),
      ...(d.startedAt && { startedAt: d.startedAt }),
      ...(d.finishedAt && { finishedAt: d.finishedAt }),
      result: d.result,
      ...(d.message && { message: d.message }),
      ...(d.initiatedBy && { initiatedBy: d.initiatedBy }),
      ...(d.commit && { commit: d.commit }),
      ...(d.images && { images: d.images }),
    };
  });
  return { entityRef, environment, items };
}
