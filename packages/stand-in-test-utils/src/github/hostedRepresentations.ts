/**
 * Hosted repositories rendered in the shapes of GitHub's description
 * (`full-repository`, `minimal-repository`, `commit`, `git-tree`,
 * `protected-branch`), with links where a test finds what they name: API
 * links at the stand-in, `html_url` at `https://<webHost>/...` (so that
 * Backstage maps them through its GitHub integration), `clone_url` at the
 * stand-in's Git server.
 */
import type { GitTreeEntry } from './git';
import type { HostedRepoRecord } from './hostedRepos';
import { nodeId, repositoryUrlTemplates, simpleUser } from './representations';
import type { CommitRecord } from './repos';
import type { GitHubState } from './state';

/** Where a hosting stand-in's links point. */
export interface HostingLinks {
  /** The REST API base the client called. */
  api: string;
  /** `https://github.com`, or the web host configured. */
  web: string;
  /** The Git server: `<git>/<owner>/<repo>.git`. */
  git: string;
}

/** The owner as `simple-user`, typed `Organization` for organizations. */
export function ownerOf(state: GitHubState, login: string, api: string) {
  const org = state.org(login);
  const user = state.user(login);
  if (user) return simpleUser(user, api);
  return {
    ...simpleUser(
      {
        id: org?.id ?? 1,
        login: org?.login ?? login,
        name: org?.name ?? null,
        email: null,
        type: 'User',
        createdAt: org?.createdAt ?? new Date(0).toISOString(),
      },
      api,
    ),
    type: org ? 'Organization' : 'User',
  };
}

/** `minimal-repository`, as nested in statuses, and the base of the others. */
export function minimalRepository(
  state: GitHubState,
  repo: HostedRepoRecord,
  links: HostingLinks,
) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${links.api}/repos/${full}`;
  const html = `${links.web}/${full}`;
  const open = repo.pulls.filter(p => p.state === 'open').length;
  const host = new URL(links.web).host;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: full,
    owner: ownerOf(state, repo.owner, links.api),
    private: repo.private,
    html_url: html,
    description: repo.description,
    fork: false,
    url,
    ...repositoryUrlTemplates(url),
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    clone_url: `${links.git}/${full}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: repo.homepage,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: repo.commits.size,
    default_branch: repo.defaultBranch,
    open_issues_count: open,
    is_template: false,
    topics: repo.topics,
    has_issues: (repo.settings.has_issues as boolean) ?? true,
    has_projects: (repo.settings.has_projects as boolean) ?? true,
    has_wiki: (repo.settings.has_wiki as boolean) ?? true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.visibility,
    pushed_at: repo.pushedAt ?? repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.updatedAt,
    permissions: {
      admin: true,
      maintain: true,
      push: true,
      triage: true,
      pull: true,
    },
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    forks: 0,
    open_issues: open,
    watchers: 0,
  };
}

const SETTINGS = [
  'allow_rebase_merge',
  'allow_squash_merge',
  'allow_auto_merge',
  'delete_branch_on_merge',
  'allow_merge_commit',
  'allow_update_branch',
  'squash_merge_commit_title',
  'squash_merge_commit_message',
  'merge_commit_title',
  'merge_commit_message',
] as const;

const DEFAULT_SETTINGS: Record<(typeof SETTINGS)[number], unknown> = {
  allow_rebase_merge: true,
  allow_squash_merge: true,
  allow_auto_merge: false,
  delete_branch_on_merge: false,
  allow_merge_commit: true,
  allow_update_branch: false,
  squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
  squash_merge_commit_message: 'COMMIT_MESSAGES',
  merge_commit_title: 'MERGE_MESSAGE',
  merge_commit_message: 'PR_TITLE',
};

/** `full-repository`: `GET /repos/{owner}/{repo}` and repository creation. */
export function fullRepository(
  state: GitHubState,
  repo: HostedRepoRecord,
  links: HostingLinks,
) {
  const settings = Object.fromEntries(
    SETTINGS.map(k => [k, repo.settings[k] ?? DEFAULT_SETTINGS[k]]),
  );
  return {
    ...minimalRepository(state, repo, links),
    ...settings,
    use_squash_pr_title_as_default: false,
    network_count: 0,
    subscribers_count: 0,
    custom_properties: repo.customProperties,
  };
}

/** `commit`: `GET /repos/{owner}/{repo}/commits`. */
export function restCommit(
  repo: HostedRepoRecord,
  commit: CommitRecord,
  links: HostingLinks,
) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${links.api}/repos/${full}/commits/${commit.sha}`;
  return {
    url,
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    html_url: `${links.web}/${full}/commit/${commit.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${links.api}/repos/${full}/git/commits/${commit.sha}`,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      comment_count: 0,
      tree: {
        sha: commit.tree,
        url: `${links.api}/repos/${full}/git/trees/${commit.tree}`,
      },
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    },
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${links.api}/repos/${full}/commits/${sha}`,
      html_url: `${links.web}/${full}/commit/${sha}`,
    })),
  };
}

/** `git-tree`. */
export function gitTree(
  repo: HostedRepoRecord,
  sha: string,
  entries: GitTreeEntry[],
  links: HostingLinks,
) {
  const base = `${links.api}/repos/${repo.owner}/${repo.name}/git`;
  return {
    sha,
    url: `${base}/trees/${sha}`,
    truncated: false,
    tree: entries.map(e => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.size !== undefined && { size: e.size }),
      url: `${base}/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
    })),
  };
}

/** `protected-branch`, from the body of `PUT .../protection`. */
export function protectedBranch(
  repo: HostedRepoRecord,
  branch: string,
  rules: Record<string, any>,
  links: HostingLinks,
) {
  const url = `${links.api}/repos/${repo.owner}/${repo.name}/branches/${branch}/protection`;
  const flag = (name: string, enabled: unknown) => ({
    url: `${url}/${name}`,
    enabled: Boolean(enabled),
  });
  const checks = rules.required_status_checks;
  const reviews = rules.required_pull_request_reviews;
  return {
    url,
    ...(checks && {
      required_status_checks: {
        url: `${url}/required_status_checks`,
        strict: Boolean(checks.strict),
        contexts: checks.contexts ?? [],
        checks: (
          checks.checks ??
          checks.contexts?.map((c: string) => ({ context: c })) ??
          []
        ).map((c: { context: string; app_id?: number }) => ({
          context: c.context,
          app_id: c.app_id ?? null,
        })),
        contexts_url: `${url}/required_status_checks/contexts`,
      },
    }),
    ...(reviews && {
      required_pull_request_reviews: {
        url: `${url}/required_pull_request_reviews`,
        dismiss_stale_reviews: Boolean(reviews.dismiss_stale_reviews),
        require_code_owner_reviews: Boolean(reviews.require_code_owner_reviews),
        required_approving_review_count:
          reviews.required_approving_review_count ?? 1,
        require_last_push_approval: Boolean(reviews.require_last_push_approval),
      },
    }),
    enforce_admins: flag('enforce_admins', rules.enforce_admins),
    required_linear_history: {
      enabled: Boolean(rules.required_linear_history),
    },
    allow_force_pushes: { enabled: Boolean(rules.allow_force_pushes) },
    allow_deletions: { enabled: Boolean(rules.allow_deletions) },
    required_conversation_resolution: {
      enabled: Boolean(rules.required_conversation_resolution),
    },
    block_creations: { enabled: Boolean(rules.block_creations) },
    required_signatures: flag('required_signatures', false),
  };
}
