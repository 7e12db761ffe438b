/**
 * Repository operations for the GitHub stand-in: contents, the Git data API
 * (refs, commits, trees) and pull requests, plugged into the core through
 * its `handlers` extension point and keeping their records in
 * `state.extension('git-repos', ...)`.
 *
 *   const github = await createGitHubStandIn({ handlers: repoHandlers, tokens: ['t'] }).start();
 *   const repos = gitRepos(github.state);
 *   repos.addRepo({ owner: 'acme', name: 'gitops', files: { 'README.md': '# GitOps' } });
 *   ... // code under test, with Octokit's baseUrl = github.url
 *   repos.file('acme', 'gitops', 'main', 'apps/dev/payments.yaml');
 *   repos.mergePull('acme', 'gitops', 1);
 *   github.assertNoViolations();
 */
import { createHash } from 'node:crypto';
import type { StandInRequest } from '../contract';
import type { GitHubHandler } from '.';
import {
  apiBase,
  bearerToken,
  gitHubError,
  json,
  notFound,
  validationFailed,
} from './responses';
import {
  nodeId,
  repositoryUrlTemplates,
  simpleUser,
  teamSummary,
} from './representations';
import type { ReviewRecord } from './protection';
import type { GitHubState } from './state';

export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

export interface CommitRecord {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  head: string;
  base: string;
  state: 'open' | 'closed';
  draft: boolean;
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** Logins and team slugs asked for a review (pulls/request-reviewers). */
  requestedReviewers?: string[];
  requestedTeams?: string[];
  /** Reviews submitted (`pulls/create-review`), oldest first. */
  reviews?: ReviewRecord[];
  /** Auto-merge, once enabled (GraphQL `enablePullRequestAutoMerge`). */
  autoMerge?: {
    enabledBy: string;
    method: 'merge' | 'squash' | 'rebase';
    commitTitle?: string;
    commitMessage?: string;
  };
}

export interface GitRepoRecord {
  id: number;
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  /** `heads/main` to commit SHA. */
  refs: Map<string, string>;
  commits: Map<string, CommitRecord>;
  /** Tree SHA to the full path-to-blob-SHA listing of that tree. */
  trees: Map<string, Map<string, string>>;
  /** Blob SHA to its (UTF-8) content. */
  blobs: Map<string, string>;
  pulls: PullRecord[];
}

const ZERO_PERSON = { name: 'stand-in', email: 'stand-in@example.com' };

/** Repositories of a GitHub stand-in state, with seeding and inspection helpers. */
export class GitRepos {
  private readonly repos = new Map<string, GitRepoRecord>();
  private counter = 0;

  constructor(private readonly state: GitHubState) {}

  /** A repository with one initial commit holding `files` on `defaultBranch`. */
  addRepo(options: {
    owner: string;
    name: string;
    defaultBranch?: string;
    private?: boolean;
    files?: Record<string, string>;
  }): GitRepoRecord {
    const record: GitRepoRecord = {
      id: this.state.nextId(),
      owner: options.owner,
      name: options.name,
      defaultBranch: options.defaultBranch ?? 'main',
      private: options.private ?? true,
      createdAt: this.state.now().toISOString(),
      refs: new Map(),
      commits: new Map(),
      trees: new Map(),
      blobs: new Map(),
      pulls: [],
    };
    this.repos.set(key(options.owner, options.name), record);
    const tree = this.writeTree(record, new Map(), options.files ?? {});
    const commit = this.writeCommit(record, {
      tree,
      parents: [],
      message: 'Initial commit',
    });
    record.refs.set(`heads/${record.defaultBranch}`, commit.sha);
    return record;
  }

  repo(owner: string, name: string): GitRepoRecord | undefined {
    return this.repos.get(key(owner, name));
  }

  requireRepo(owner: string, name: string): GitRepoRecord {
    const repo = this.repo(owner, name);
    if (!repo)
      throw new Error(`No repository ${owner}/${name} in the stand-in`);
    return repo;
  }

  /** The commit SHA a branch points at. */
  branchHead(owner: string, name: string, branch: string): string | undefined {
    return this.requireRepo(owner, name).refs.get(`heads/${branch}`);
  }

  /** Every file at a branch or commit. */
  files(owner: string, name: string, ref: string): Record<string, string> {
    const repo = this.requireRepo(owner, name);
    const commit = resolveCommit(repo, ref);
    if (!commit) throw new Error(`No ref ${ref} in ${owner}/${name}`);
    return Object.fromEntries(
      [...repo.trees.get(commit.tree)!].map(([path, blob]) => [
        path,
        repo.blobs.get(blob)!,
      ]),
    );
  }

  /** One file at a branch or commit, or undefined. */
  file(
    owner: string,
    name: string,
    ref: string,
    path: string,
  ): string | undefined {
    return this.files(owner, name, ref)[path];
  }

  /** Commits reachable from a branch, newest first (first-parent). */
  history(owner: string, name: string, branch: string): CommitRecord[] {
    const repo = this.requireRepo(owner, name);
    const out: CommitRecord[] = [];
    let sha = repo.refs.get(`heads/${branch}`);
    while (sha) {
      const commit = repo.commits.get(sha)!;
      out.push(commit);
      sha = commit.parents[0];
    }
    return out;
  }

  /** Someone else pushes to a branch (e.g. a concurrent change, a merge). */
  push(
    owner: string,
    name: string,
    branch: string,
    files: Record<string, string | null>,
    message = 'Change from someone else',
  ): CommitRecord {
    const repo = this.requireRepo(owner, name);
    const parent = repo.refs.get(`heads/${branch}`);
    const base = parent
      ? repo.trees.get(repo.commits.get(parent)!.tree)!
      : new Map();
    const tree = this.writeTree(repo, base, files);
    const commit = this.writeCommit(repo, {
      tree,
      parents: parent ? [parent] : [],
      message,
    });
    repo.refs.set(`heads/${branch}`, commit.sha);
    return commit;
  }

  pulls(owner: string, name: string): PullRecord[] {
    return this.requireRepo(owner, name).pulls;
  }

  /** Merges an open pull request: its head's files land on its base. */
  mergePull(owner: string, name: string, number: number) {
    const repo = this.requireRepo(owner, name);
    const pull = repo.pulls.find(p => p.number === number);
    if (!pull || pull.state !== 'open')
      throw new Error(`No open pull request #${number}`);
    const head = repo.commits.get(repo.refs.get(`heads/${pull.head}`)!)!;
    const base = repo.refs.get(`heads/${pull.base}`)!;
    const merge = this.writeCommit(repo, {
      tree: head.tree,
      parents: [base, head.sha],
      message: `Merge pull request #${number}`,
    });
    repo.refs.set(`heads/${pull.base}`, merge.sha);
    const now = this.state.now().toISOString();
    Object.assign(pull, {
      state: 'closed',
      closedAt: now,
      mergedAt: now,
      updatedAt: now,
      mergeCommitSha: merge.sha,
    });
  }

  /** Closes a pull request without merging it. */
  closePull(owner: string, name: string, number: number) {
    const pull = this.requireRepo(owner, name).pulls.find(
      p => p.number === number,
    );
    if (!pull) throw new Error(`No pull request #${number}`);
    const now = this.state.now().toISOString();
    Object.assign(pull, { state: 'closed', closedAt: now, updatedAt: now });
  }

  /** Writes blobs and a tree: `base` with `files` applied (null deletes). */
  writeTree(
    repo: GitRepoRecord,
    base: Map<string, string>,
    files: Record<string, string | null>,
  ): string {
    const entries = new Map(base);
    for (const [path, content] of Object.entries(files)) {
      if (content === null) {
        entries.delete(path);
        continue;
      }
      const blob = blobSha(content);
      repo.blobs.set(blob, content);
      entries.set(path, blob);
    }
    const sorted = [...entries].sort(([a], [b]) => a.localeCompare(b));
    const sha = sha1(`tree ${JSON.stringify(sorted)}`);
    repo.trees.set(sha, new Map(sorted));
    return sha;
  }

  writeCommit(
    repo: GitRepoRecord,
    commit: {
      tree: string;
      parents: string[];
      message: string;
      author?: Partial<GitPerson>;
    },
  ): CommitRecord {
    const date = this.state.now().toISOString();
    const author = { ...ZERO_PERSON, date, ...commit.author };
    this.counter += 1;
    const sha = sha1(
      `commit ${commit.tree} ${commit.parents.join(',')} ${
        author.name
      } ${date} ${this.counter}\n${commit.message}`,
    );
    const record: CommitRecord = {
      sha,
      tree: commit.tree,
      parents: commit.parents,
      message: commit.message,
      author,
      committer: author,
    };
    repo.commits.set(sha, record);
    return record;
  }

  isAncestor(repo: GitRepoRecord, ancestor: string, of: string): boolean {
    const seen = new Set<string>();
    const queue = [of];
    while (queue.length > 0) {
      const sha = queue.pop()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      queue.push(...(repo.commits.get(sha)?.parents ?? []));
    }
    return false;
  }
}

/** The repositories of a stand-in's state. */
export function gitRepos(state: GitHubState): GitRepos {
  return state.extension('git-repos', () => new GitRepos(state));
}

function key(owner: string, name: string) {
  return `${owner}/${name}`.toLowerCase();
}

function sha1(text: string) {
  return createHash('sha1').update(text).digest('hex');
}

/** Git's own blob id, so SHAs look like the real ones. */
function blobSha(content: string) {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(`blob ${bytes.length}\0`)
    .update(bytes)
    .digest('hex');
}

function resolveCommit(
  repo: GitRepoRecord,
  ref: string,
): CommitRecord | undefined {
  const sha =
    repo.refs.get(`heads/${ref}`) ??
    repo.refs.get(ref.replace(/^refs\//, '')) ??
    (repo.commits.has(ref) ? ref : undefined);
  return sha ? repo.commits.get(sha) : undefined;
}

// ---- representations ------------------------------------------------------

function ownerUser(state: GitHubState, login: string, api: string) {
  const org = state.org(login);
  const user = state.user(login);
  const record = user ?? {
    id: org?.id ?? 1,
    login,
    name: org?.name ?? null,
    email: null,
    type: 'User' as const,
    createdAt: org?.createdAt ?? new Date(0).toISOString(),
  };
  return {
    ...simpleUser(record, api),
    type: org ? 'Organization' : record.type,
  };
}

/** A login as `simple-user`, also when no record exists (the integration's bot). */
export function personJson(state: GitHubState, login: string, api: string) {
  const user = state.user(login);
  return simpleUser(
    user ?? {
      id: 1,
      login,
      name: null,
      email: null,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      createdAt: new Date(0).toISOString(),
    },
    api,
  );
}

/** `repository`, as nested in pull requests. */
function repository(state: GitHubState, repo: GitRepoRecord, api: string) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${api}/repos/${full}`;
  const html = `${api}/${full}`;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    owner: ownerUser(state, repo.owner, api),
    private: repo.private,
    html_url: html,
    description: null,
    fork: false,
    url,
    ...repositoryUrlTemplates(url),
    git_url: `git:${html.replace(/^https?:/, '')}.git`,
    ssh_url: `git@stand-in:${full}.git`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: repo.pulls.filter(p => p.state === 'open').length,
    open_issues_count: repo.pulls.filter(p => p.state === 'open').length,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    license: null,
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
  };
}

function gitRef(repo: GitRepoRecord, ref: string, sha: string, api: string) {
  const url = `${api}/repos/${repo.owner}/${repo.name}/git`;
  return {
    ref: `refs/${ref}`,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${url}/refs/${ref}`,
    object: { type: 'commit', sha, url: `${url}/commits/${sha}` },
  };
}

function gitCommit(repo: GitRepoRecord, commit: CommitRecord, api: string) {
  const url = `${api}/repos/${repo.owner}/${repo.name}`;
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${url}/git/commits/${commit.sha}`,
    html_url: `${api}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${url}/git/trees/${commit.tree}` },
    parents: commit.parents.map(sha => ({
      sha,
      url: `${url}/git/commits/${sha}`,
      html_url: `${api}/${repo.owner}/${repo.name}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

function contentItem(
  repo: GitRepoRecord,
  path: string,
  ref: string,
  type: 'file' | 'dir',
  sha: string,
  size: number,
  api: string,
) {
  const url = `${api}/repos/${repo.owner}/${
    repo.name
  }/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const html = `${api}/${repo.owner}/${repo.name}/${
    type === 'file' ? 'blob' : 'tree'
  }/${ref}/${path}`;
  const git = `${api}/repos/${repo.owner}/${repo.name}/git/${
    type === 'file' ? 'blobs' : 'trees'
  }/${sha}`;
  return {
    type,
    size,
    name: path.split('/').pop()!,
    path,
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url:
      type === 'file'
        ? `${api}/raw/${repo.owner}/${repo.name}/${ref}/${path}`
        : null,
    _links: { self: url, git, html },
  };
}

function pullRequest(
  state: GitHubState,
  repo: GitRepoRecord,
  pull: PullRecord,
  api: string,
) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${api}/repos/${full}/pulls/${pull.number}`;
  const html = `${api}/${full}/pull/${pull.number}`;
  const issue = `${api}/repos/${full}/issues/${pull.number}`;
  const headSha =
    repo.refs.get(`heads/${pull.head}`) ?? pull.mergeCommitSha ?? '';
  const baseSha = repo.refs.get(`heads/${pull.base}`) ?? '';
  const repoJson = repository(state, repo, api);
  const link = (href: string) => ({ href });
  return {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${full}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${api}/repos/${full}/statuses/${headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: personJson(state, pull.user, api),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: (pull.requestedReviewers ?? []).map(login =>
      simpleUser(state.user(login)!, api),
    ),
    requested_teams: (pull.requestedTeams ?? []).flatMap(slug => {
      const org = state.org(repo.owner);
      const team = org?.teams.get(slug);
      return org && team ? [teamSummary(org, team, api)] : [];
    }),
    head: {
      label: `${repo.owner}:${pull.head}`,
      ref: pull.head,
      sha: headSha,
      user: ownerUser(state, repo.owner, api),
      repo: repoJson,
    },
    base: {
      label: `${repo.owner}:${pull.base}`,
      ref: pull.base,
      sha: baseSha,
      user: ownerUser(state, repo.owner, api),
      repo: repoJson,
    },
    _links: {
      self: link(url),
      html: link(html),
      issue: link(issue),
      comments: link(`${issue}/comments`),
      review_comments: link(`${url}/comments`),
      review_comment: link(`${api}/repos/${full}/pulls/comments{/number}`),
      commits: link(`${url}/commits`),
      statuses: link(`${api}/repos/${full}/statuses/${headSha}`),
    },
    author_association: 'NONE',
    auto_merge: pull.autoMerge
      ? {
          enabled_by: personJson(state, pull.autoMerge.enabledBy, api),
          merge_method: pull.autoMerge.method,
          commit_title: pull.autoMerge.commitTitle ?? '',
          commit_message: pull.autoMerge.commitMessage ?? '',
        }
      : null,
    draft: pull.draft,
    merged: pull.mergedAt !== null,
    mergeable: pull.state === 'open' ? true : null,
    rebaseable: pull.state === 'open' ? true : null,
    mergeable_state: pull.state === 'open' ? 'clean' : 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

// ---- handlers ------------------------------------------------------------

function repoOf(request: StandInRequest, state: GitHubState) {
  return gitRepos(state).repo(
    request.pathParams.owner,
    request.pathParams.repo,
  );
}

const body = (request: StandInRequest) => (request.body ?? {}) as any;

/** Handlers for `createGitHubStandIn({ handlers: repoHandlers })`. */
export const repoHandlers: Record<string, GitHubHandler> = {
  'repos/get-content': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const ref = request.query.get('ref') ?? repo.defaultBranch;
    const commit = resolveCommit(repo, ref);
    if (!commit) {
      return json(404, gitHubError(404, `No commit found for the ref ${ref}`));
    }
    const api = apiBase(request);
    const path = request.pathParams.path.replace(/^\/+|\/+$/g, '');
    const tree = repo.trees.get(commit.tree)!;
    const blob = tree.get(path);
    if (blob) {
      const content = repo.blobs.get(blob)!;
      const bytes = Buffer.from(content, 'utf8');
      return json(200, {
        ...contentItem(repo, path, ref, 'file', blob, bytes.length, api),
        // GitHub wraps base64 at 60 characters.
        content: bytes.toString('base64').replace(/(.{60})/g, '$1\n'),
        encoding: 'base64',
      });
    }
    const prefix = path === '' ? '' : `${path}/`;
    const children = new Map<string, 'file' | 'dir'>();
    for (const p of tree.keys()) {
      if (!p.startsWith(prefix)) continue;
      const [first, ...rest] = p.slice(prefix.length).split('/');
      children.set(`${prefix}${first}`, rest.length > 0 ? 'dir' : 'file');
    }
    if (children.size === 0) return notFound();
    return json(
      200,
      [...children].map(([p, type]) => {
        const sha =
          type === 'file' ? tree.get(p)! : sha1(`dir ${commit.tree} ${p}`);
        const size =
          type === 'file' ? Buffer.byteLength(repo.blobs.get(sha)!, 'utf8') : 0;
        return contentItem(repo, p, ref, type, sha, size, api);
      }),
    );
  },

  'git/get-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const ref = request.pathParams.ref;
    const sha = repo.refs.get(ref);
    return sha
      ? json(200, gitRef(repo, ref, sha, apiBase(request)))
      : notFound();
  },

  'git/list-matching-refs': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    // `tags/aws-network/v` matches every ref that starts so, as on GitHub.
    const prefix = request.pathParams.ref;
    const matching = [...repo.refs.entries()]
      .filter(([ref]) => ref.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([ref, sha]) => gitRef(repo, ref, sha, apiBase(request)));
    return json(200, matching);
  },

  'git/create-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { ref, sha } = body(request);
    if (!/^refs\/.+\/.+/.test(ref)) {
      return validationFailed(`${ref} is not a valid ref name.`);
    }
    const short = ref.replace(/^refs\//, '');
    if (repo.refs.has(short))
      return validationFailed('Reference already exists');
    if (!repo.commits.has(sha))
      return validationFailed('Object does not exist');
    repo.refs.set(short, sha);
    return json(201, gitRef(repo, short, sha, apiBase(request)));
  },

  'git/update-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const ref = request.pathParams.ref;
    const { sha, force } = body(request);
    const current = repo.refs.get(ref);
    if (!current) return validationFailed('Reference does not exist');
    if (!repo.commits.has(sha))
      return validationFailed('Object does not exist');
    if (!force && !gitRepos(state).isAncestor(repo, current, sha)) {
      return validationFailed('Update is not a fast forward');
    }
    repo.refs.set(ref, sha);
    return json(200, gitRef(repo, ref, sha, apiBase(request)));
  },

  'git/get-commit': (request, state) => {
    const repo = repoOf(request, state);
    const commit = repo?.commits.get(request.pathParams.commit_sha);
    return repo && commit
      ? json(200, gitCommit(repo, commit, apiBase(request)))
      : notFound();
  },

  'git/create-tree': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { base_tree: baseTree, tree } = body(request);
    const base = baseTree
      ? repo.trees.get(baseTree)
      : new Map<string, string>();
    if (!base)
      return validationFailed('base_tree is not a valid tree oid', [
        { resource: 'Tree', field: 'base_tree', code: 'invalid' },
      ]);
    const files: Record<string, string | null> = {};
    for (const entry of tree as Array<{
      path: string;
      type?: string;
      sha?: string | null;
      content?: string;
    }>) {
      if (entry.type && entry.type !== 'blob') {
        return validationFailed('the stand-in takes blob entries only');
      }
      if (entry.content !== undefined) {
        files[entry.path] = entry.content;
      } else if (entry.sha === null) {
        files[entry.path] = null;
      } else if (entry.sha && repo.blobs.has(entry.sha)) {
        files[entry.path] = repo.blobs.get(entry.sha)!;
      } else {
        return validationFailed(`tree.sha ${entry.sha} is not a valid blob`);
      }
    }
    const sha = gitRepos(state).writeTree(repo, base, files);
    const api = apiBase(request);
    return json(201, {
      sha,
      url: `${api}/repos/${repo.owner}/${repo.name}/git/trees/${sha}`,
      truncated: false,
      tree: [...repo.trees.get(sha)!].map(([path, blob]) => ({
        path,
        mode: '100644',
        type: 'blob',
        sha: blob,
        size: Buffer.byteLength(repo.blobs.get(blob)!, 'utf8'),
        url: `${api}/repos/${repo.owner}/${repo.name}/git/blobs/${blob}`,
      })),
    });
  },

  'git/create-commit': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { message, tree, parents = [], author } = body(request);
    if (!repo.trees.has(tree))
      return validationFailed('Tree SHA does not exist');
    const missing = (parents as string[]).find(p => !repo.commits.has(p));
    if (missing)
      return validationFailed(
        'Parent SHA does not exist or is not a commit object',
      );
    const commit = gitRepos(state).writeCommit(repo, {
      tree,
      parents,
      message,
      author,
    });
    return json(201, gitCommit(repo, commit, apiBase(request)));
  },

  'pulls/list': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const wanted = request.query.get('state') ?? 'open';
    const head = request.query.get('head');
    const base = request.query.get('base');
    const items = repo.pulls.filter(
      p =>
        (wanted === 'all' || p.state === wanted) &&
        (!head ||
          `${repo.owner}:${p.head}`.toLowerCase() === head.toLowerCase()) &&
        (!base || p.base === base),
    );
    const api = apiBase(request);
    return json(
      200,
      items.map(p => pullRequest(state, repo, p, api)),
    );
  },

  'pulls/create': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { title, head, base, body: text, draft } = body(request);
    const headBranch = String(head).includes(':')
      ? String(head).split(':')[1]
      : head;
    const headSha = repo.refs.get(`heads/${headBranch}`);
    const baseSha = repo.refs.get(`heads/${base}`);
    if (!headSha || !baseSha) {
      return validationFailed('Validation Failed', [
        {
          resource: 'PullRequest',
          field: headSha ? 'base' : 'head',
          code: 'invalid',
        },
      ]);
    }
    if (
      repo.pulls.some(
        p => p.state === 'open' && p.head === headBranch && p.base === base,
      )
    ) {
      return validationFailed(
        `A pull request already exists for ${repo.owner}:${headBranch}.`,
        [{ resource: 'PullRequest', field: 'head', code: 'custom' }],
      );
    }
    if (gitRepos(state).isAncestor(repo, headSha, baseSha)) {
      return validationFailed(`No commits between ${base} and ${headBranch}`, [
        { resource: 'PullRequest', field: 'head', code: 'custom' },
      ]);
    }
    const now = state.now().toISOString();
    const pull: PullRecord = {
      id: state.nextId(),
      number: repo.pulls.length + 1,
      title,
      body: text ?? null,
      head: headBranch,
      base,
      state: 'open',
      draft: Boolean(draft),
      user: state.actorOf(bearerToken(request)),
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      mergedAt: null,
      mergeCommitSha: null,
    };
    repo.pulls.push(pull);
    return json(201, pullRequest(state, repo, pull, apiBase(request)));
  },

  'pulls/update': (request, state) => {
    const repo = repoOf(request, state);
    const pull = repo?.pulls.find(
      p => p.number === Number(request.pathParams.pull_number),
    );
    if (!repo || !pull) return notFound();
    const { title, body: text, state: wanted } = body(request);
    if (title !== undefined) pull.title = title;
    if (text !== undefined) pull.body = text;
    if (wanted === 'closed' && pull.state === 'open') {
      pull.state = 'closed';
      pull.closedAt = state.now().toISOString();
    }
    pull.updatedAt = state.now().toISOString();
    return json(200, pullRequest(state, repo, pull, apiBase(request)));
  },
};
