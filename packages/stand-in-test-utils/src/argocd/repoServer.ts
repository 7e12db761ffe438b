import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { StoredObject } from './ArgoCdStandIn';

/** Files of a repository at a revision, or undefined when it has no such repository. */
export type RepoFiles = (
  repoURL: string,
  revision: string,
) => Record<string, string> | undefined;

/** Thrown when the manifests of a source cannot be generated (the app's ComparisonError). */
export class ManifestGenerationError extends Error {}

let kubectlChecked: boolean | undefined;

/** Whether `kubectl` (whose `kustomize` is the one Argo CD's repo server runs) is on PATH. */
export function kubectlAvailable(): boolean {
  kubectlChecked ??=
    spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' })
      .status === 0;
  return kubectlChecked;
}

/**
 * `kustomize build <dir>` over a repository's files, as Argo CD's repo
 * server does for a directory with a kustomization.yaml (argo-cd
 * reposerver/repository/repository.go, GenerateManifests). Runs Debian's
 * `kubectl kustomize`; the files go into a temporary directory first.
 */
export function kustomizeBuild(
  files: Record<string, string>,
  dir: string,
): Array<Record<string, any>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'argocd-repo-server-'));
  try {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(root, file);
      // A repository path never leaves the checkout.
      if (!target.startsWith(root + path.sep)) continue;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const built = spawnSync('kubectl', ['kustomize', path.join(root, dir)], {
      encoding: 'utf8',
    });
    if (built.status !== 0) {
      throw new ManifestGenerationError(
        `kustomize build ${dir} failed: ${(
          built.stderr ||
          built.error?.message ||
          ''
        ).trim()}`,
      );
    }
    return parseAllDocuments(built.stdout)
      .map(d => d.toJS())
      .filter(o => o && typeof o === 'object');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/**
 * A `manifests` option for `ArgoCdStandIn` that renders Git sources with a
 * `kustomization.yaml` from `files` (e.g. the GitHub stand-in's repositories).
 * Sources it cannot read, Helm charts and plain directories give undefined:
 * the stand-in then plays its scripted rollout without project checks.
 * Without `kubectl` on PATH it renders nothing.
 */
export function kustomizeRepoServer(files: RepoFiles) {
  return (app: StoredObject): Array<Record<string, any>> | undefined => {
    if (!kubectlAvailable()) return undefined;
    const source = app.spec?.source;
    if (!source?.repoURL || source.chart || app.spec?.sources) return undefined;
    const repo = files(source.repoURL, source.targetRevision || 'HEAD');
    const dir = (source.path ?? '.').replace(/^\.?\/+|\/+$/g, '') || '.';
    const prefix = dir === '.' ? '' : `${dir}/`;
    if (!repo || !(`${prefix}kustomization.yaml` in repo)) return undefined;
    return kustomizeBuild(repo, dir);
  };
}

/** The part of the GitHub stand-in's repositories the repo server reads. */
export interface HostedRepoFiles {
  repo(owner: string, name: string): unknown;
  files(owner: string, name: string, ref: string): Record<string, string>;
}

/**
 * Files of `https://github.com/<owner>/<repo>(.git)` sources from the GitHub
 * stand-in's repositories; `HEAD` is the default branch `main`.
 */
export function gitHubRepoFiles(repos: HostedRepoFiles): RepoFiles {
  return (repoURL, revision) => {
    const m = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      repoURL,
    );
    if (!m || !repos.repo(m[1], m[2])) return undefined;
    try {
      return repos.files(m[1], m[2], revision === 'HEAD' ? 'main' : revision);
    } catch {
      // No such branch or commit: Argo CD cannot render it either.
      return undefined;
    }
  };
}
