import { ConflictError } from '@backstage/errors';
import { Octokit } from '@octokit/rest';

/** What the reconciler may act on: the access repository as reviewed. */
interface ReviewedTree {
  branch: string;
  /** The newest commit on the branch that a merged pull request put there. */
  reviewedSha?: string;
  /** The pull request that commit came from. */
  pullNumber?: number;
  /** Commits on top of it that no merged pull request made: never acted on. */
  unreviewed: string[];
  /**
   * A commit no merged pull request made (and no administrator
   * acknowledged) with a merged pull request on top of it: the reviewed
   * tree would carry it, so the reconciler stays where it was.
   */
  blockedBy?: string;
  /** Every file path at the reviewed commit. */
  paths: string[];
  /** Contents of the files the reconciler reads (User entities). */
  files: Map<string, string>;
}

/** Where the reconciler reads who should be in which team. */
const USER_FILE = /^catalog\/users\/[^/]+\.yaml$/;

const PAGES = 10;

/**
 * The tree the reconciler may act on. Walking the branch's first-parent
 * history down to the commit applied last time (`lastApplied`), every
 * commit must be the merge commit of a merged pull request (or one an
 * administrator acknowledged); the newest such commit with only such
 * commits below it is the reviewed head. A commit pushed without a pull
 * request (by someone who can bypass branch protection) is never applied:
 * on top, it is reported and skipped; below a later merge (which would
 * carry its files), it blocks every change until an administrator
 * acknowledges it. The first run, with nothing applied yet, takes the
 * newest merged pull request and what came before it as the baseline.
 */
export async function readReviewedTree(
  octokit: Octokit,
  repo: { owner: string; repo: string; branch?: string },
  options: {
    lastApplied?: string;
    acknowledged?: Set<string>;
    signal?: AbortSignal;
  } = {},
): Promise<ReviewedTree> {
  const { lastApplied, signal } = options;
  const acknowledged = options.acknowledged ?? new Set<string>();
  const { owner, repo: name } = repo;
  const request = { signal };
  const branch =
    repo.branch ??
    (await octokit.repos.get({ owner, repo: name, request })).data
      .default_branch;

  // Merge commits of pull requests merged into the branch, newest first.
  const merged = new Map<string, number>();
  for (let page = 1; page <= PAGES; page++) {
    const { data } = await octokit.pulls.list({
      owner,
      repo: name,
      state: 'closed',
      base: branch,
      sort: 'updated',
      direction: 'desc',
      per_page: 100,
      page,
      request,
    });
    for (const pull of data) {
      if (pull.merged_at && pull.merge_commit_sha) {
        merged.set(pull.merge_commit_sha, pull.number);
      }
    }
    if (data.length < 100) break;
  }

  // First-parent history, newest first, down to (without) lastApplied.
  const history: string[] = [];
  let foundLast = false;
  let done = false;
  for (let page = 1; page <= PAGES && !done; page++) {
    const { data } = await octokit.repos.listCommits({
      owner,
      repo: name,
      sha: branch,
      per_page: 100,
      page,
      request,
    });
    for (const commit of data) {
      if (commit.sha === lastApplied) {
        foundLast = true;
        done = true;
        break;
      }
      history.push(commit.sha);
      if (!lastApplied && merged.has(commit.sha)) {
        done = true;
        break;
      }
    }
    if (data.length < 100) done = true;
  }
  let baseline = lastApplied;
  if (lastApplied && !foundLast) {
    // Rewritten history: only an administrator's word on the new head helps.
    if (history.length > 0 && acknowledged.has(history[0])) {
      baseline = history[0];
      history.length = 0;
    } else {
      throw new ConflictError(
        `The commit applied last (${lastApplied}) is no longer on ${branch} of ${owner}/${name} (a force push?); nothing is applied until an administrator acknowledges the branch's head (POST /api/scaffolder/groundwork/access/acknowledgements).`,
      );
    }
  }

  const vouched = (sha: string) => merged.has(sha) || acknowledged.has(sha);
  let reviewedSha = baseline;
  let blockedBy: string | undefined;
  if (!baseline) {
    reviewedSha = history.find(sha => merged.has(sha));
  } else {
    // Oldest first: advance over vouched commits; an unvouched one with a
    // vouched one above it blocks, one with nothing above it only waits.
    let waiting: string | undefined;
    for (const sha of [...history].reverse()) {
      if (!vouched(sha)) {
        waiting ??= sha;
      } else if (waiting) {
        blockedBy = waiting;
        break;
      } else {
        reviewedSha = sha;
      }
    }
  }
  const above = reviewedSha ? history.indexOf(reviewedSha) : -1;
  const unreviewed = (above >= 0 ? history.slice(0, above) : history).filter(
    sha => !vouched(sha),
  );
  if (!reviewedSha) {
    return { branch, unreviewed, blockedBy, paths: [], files: new Map() };
  }

  const { data: tree } = await octokit.git.getTree({
    owner,
    repo: name,
    tree_sha: reviewedSha,
    recursive: 'true',
    request,
  });
  const blobs = tree.tree.filter(e => e.type === 'blob' && e.path);
  const files = new Map<string, string>();
  for (const entry of blobs) {
    if (!USER_FILE.test(entry.path!)) continue;
    const { data } = await octokit.git.getBlob({
      owner,
      repo: name,
      file_sha: entry.sha!,
      request,
    });
    files.set(
      entry.path!,
      Buffer.from(data.content, 'base64').toString('utf8'),
    );
  }
  return {
    branch,
    reviewedSha,
    pullNumber: merged.get(reviewedSha),
    unreviewed,
    blockedBy,
    paths: blobs.map(e => e.path!).sort(),
    files,
  };
}
