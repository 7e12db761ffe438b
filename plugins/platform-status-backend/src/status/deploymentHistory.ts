import type {
  DeploymentHistoryEntry,
  DeploymentHistoryResponse,
} from '@groundwork/plugin-platform-status-common';
import type { StoredDeployment } from '../store/StatusStore';

/**
 * `owner/repo` of a github.com repository URL (HTTPS or SSH, with or
 * without `.git`), or undefined for any other host: only GitHub's compare
 * view is linked (GitHub Enterprise and other hosts have other URLs).
 */
export function githubRepoOf(repoURL: string | undefined) {
  if (!repoURL) return undefined;
  const m =
    /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      repoURL,
    );
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/**
 * The response body: newest first, each sync with a link to GitHub's
 * compare view from the revision of the sync before it in the same app and
 * repository (when the revisions differ).
 */
export function deploymentHistoryOf(
  entityRef: string,
  environment: string,
  stored: StoredDeployment[],
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
    const repo = githubRepoOf(d.repoURL);
    const diffUrl =
      repo && d.revision && previous && previous.revision !== d.revision
        ? `https://github.com/${repo}/compare/${encodeURIComponent(
            previous.revision!,
          )}...${encodeURIComponent(d.revision)}`
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
