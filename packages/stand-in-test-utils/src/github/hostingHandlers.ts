/**
 * REST operations of a hosting GitHub stand-in, over the bare repositories
 * of `HostedRepos`: what Backstage's `publish:github` and
 * `publish:github:pull-request` call (repository creation, topics,
 * collaborators, branch protection, blobs, trees, commits, pulls) and what
 * its `GithubUrlReader` reads (contents as raw bytes, commit status, trees,
 * tarballs). They are merged over `repoHandlers`, which keep serving refs,
 * commits and pull requests on the mirrored view.
 */
import type { StandInRequest } from '../contract';
import type { GitHubHandler } from '.';
import type { GitTreeChange } from './git';
import type { GitHttpServer } from './gitServer';
import { HostedRepoRecord, HostedRepos, resolveRevision } from './hostedRepos';
import {
  fullRepository,
  gitTree,
  HostingLinks,
  minimalRepository,
  ownerOf,
  protectedBranch,
  restCommit,
} from './hostedRepresentations';
import { peopleHandlers } from './people';
import { permissionOf } from './protection';
import { nodeId, publicUser, simpleUser } from './representations';
import { CommitRecord, personJson, repoHandlers } from './repos';
import {
  apiBase,
  bearerToken,
  gitHubError,
  json,
  noContent,
  notFound,
  paginated,
  validationFailed,
} from './responses';
import type { GitHubState } from './state';

/** What the hosting handlers share, kept in the stand-in's state. */
export interface GitHostingContext {
  repos: HostedRepos;
  git: GitHttpServer;
  /** `https://github.com` or the configured web host. */
  web: string;
  /** The stand-in's violations, for checks outside the REST contract. */
  violations: string[];
}

export const HOSTING_KEY = 'git-hosting';

export function hostingOf(state: GitHubState): GitHostingContext {
  return state.extension<GitHostingContext>(HOSTING_KEY, () => {
    throw new Error(
      'These handlers need Git hosting: start the stand-in with createGitHubHostingStandIn()',
    );
  });
}

function linksOf(request: StandInRequest, state: GitHubState): HostingLinks {
  const hosting = hostingOf(state);
  return { api: apiBase(request), web: hosting.web, git: hosting.git.url };
}

function repoOf(request: StandInRequest, state: GitHubState) {
  return hostingOf(state).repos.repo(
    request.pathParams.owner,
    request.pathParams.repo,
  );
}

const bodyOf = (request: StandInRequest) => (request.body ?? {}) as any;

const VALID_NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** Creation fields kept as the repository's settings. */
const SETTINGS =
  /^(allow_\w+|has_\w+|delete_branch_on_merge|(squash_)?merge_commit_(title|message))$/;

function createRepo(
  request: StandInRequest,
  state: GitHubState,
  owner: string,
) {
  const body = bodyOf(request);
  const { repos } = hostingOf(state);
  if (!VALID_NAME.test(body.name) || body.name === '.' || body.name === '..') {
    return validationFailed(`${body.name} is not a valid repository name`, [
      { resource: 'Repository', field: 'name', code: 'invalid' },
    ]);
  }
  if (repos.repo(owner, body.name)) {
    return validationFailed('name already exists on this account', [
      { resource: 'Repository', field: 'name', code: 'custom' },
    ]);
  }
  const visibility =
    body.visibility ?? (body.private === true ? 'private' : 'public');
  const settings = Object.fromEntries(
    Object.entries(body).filter(([k]) => SETTINGS.test(k)),
  );
  const repo = repos.addRepo({
    owner,
    name: body.name,
    visibility,
    description: body.description ?? null,
    homepage: body.homepage ?? null,
    settings,
    customProperties: body.custom_properties ?? {},
    empty: !body.auto_init,
    files: body.auto_init
      ? {
          'README.md': `# ${body.name}\n${
            body.description ? `${body.description}\n` : ''
          }`,
        }
      : undefined,
  });
  return json(201, fullRepository(state, repo, linksOf(request, state)));
}

/** A pull request as `repos.ts` renders it, through its list operation. */
async function renderPull(
  request: StandInRequest,
  state: GitHubState,
  number: number,
) {
  const listed = await repoHandlers['pulls/list'](
    { ...request, query: new URLSearchParams({ state: 'all' }) },
    state,
  );
  return (listed.body as Array<{ number: number }>).find(
    p => p.number === number,
  );
}

function fileEntry(
  repo: HostedRepoRecord,
  ref: string,
  file: string,
  type: 'file' | 'dir' | 'symlink' | 'submodule',
  sha: string,
  size: number,
  links: HostingLinks,
) {
  const full = `${repo.owner}/${repo.name}`;
  const url = `${
    links.api
  }/repos/${full}/contents/${file}?ref=${encodeURIComponent(ref)}`;
  const html = `${links.web}/${full}/${
    type === 'dir' ? 'tree' : 'blob'
  }/${ref}/${file}`;
  const git = `${links.api}/repos/${full}/git/${
    type === 'dir' ? 'trees' : 'blobs'
  }/${sha}`;
  return {
    type,
    size,
    name: file.split('/').pop()!,
    path: file,
    sha,
    url,
    git_url: git,
    html_url: html,
    download_url:
      type === 'dir' ? null : `${links.git}/raw/${full}/${ref}/${file}`,
    _links: { self: url, git, html },
  };
}

/** How the contents API calls what a Git tree holds. */
const CONTENT_TYPES = {
  tree: 'dir',
  commit: 'submodule',
  blob: 'file',
} as const;

function wantsRaw(request: StandInRequest) {
  return /application\/vnd\.github(\.v3)?\.raw/.test(
    String(request.headers.accept ?? ''),
  );
}

/** Handlers merged over `repoHandlers` by `createGitHubHostingStandIn`. */
export const hostingHandlers: Record<string, GitHubHandler> = {
  'users/get-by-username': (request, state) => {
    const org = state.org(request.pathParams.username);
    if (!org || state.user(request.pathParams.username)) {
      return peopleHandlers['users/get-by-username'](request, state);
    }
    // GitHub answers an organization's login here too, typed Organization.
    const api = apiBase(request);
    return json(200, {
      ...publicUser(
        {
          id: org.id,
          login: org.login,
          name: org.name,
          email: null,
          type: 'User',
          createdAt: org.createdAt,
        },
        api,
      ),
      ...ownerOf(state, org.login, api),
    });
  },

  'repos/create-in-org': (request, state) => {
    const org = state.org(request.pathParams.org);
    // GitHub answers 404 here, although the description lists only 403/422.
    return org ? createRepo(request, state, org.login) : notFound();
  },

  'repos/create-for-authenticated-user': (request, state) => {
    const user = state.user(state.actor);
    if (!user || user.type === 'Bot') {
      // An app's installation token has no user to own the repository.
      return json(
        403,
        gitHubError(403, 'Resource not accessible by integration'),
      );
    }
    return createRepo(request, state, user.login);
  },

  'repos/get': (request, state) => {
    const repo = repoOf(request, state);
    return repo
      ? json(200, fullRepository(state, repo, linksOf(request, state)))
      : notFound();
  },

  'repos/get-all-topics': (request, state) => {
    const repo = repoOf(request, state);
    return repo ? json(200, { names: repo.topics }) : notFound();
  },

  'repos/replace-all-topics': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const names = bodyOf(request).names as string[];
    const bad = names.find(n => !/^[a-z0-9][a-z0-9-]{0,49}$/.test(n));
    if (bad) {
      return validationFailed(
        `Topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens: ${bad}`,
      );
    }
    repo.topics = [...new Set(names)];
    return json(200, { names: repo.topics });
  },

  'repos/add-collaborator': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const user = state.user(request.pathParams.username);
    if (!user) {
      return validationFailed(
        `${request.pathParams.username} is not a GitHub user`,
        [{ resource: 'Repository', field: 'username', code: 'invalid' }],
      );
    }
    const key = user.login.toLowerCase();
    const permission = bodyOf(request).permission ?? 'push';
    const org = state.org(repo.owner);
    const member = org?.members.get(key)?.state === 'active';
    if (member || repo.collaborators.has(key) || !org) {
      // 204: organization members (and existing collaborators) directly.
      repo.collaborators.set(key, permission);
      return noContent();
    }
    // 201: anyone else is invited, and has no access until they accept.
    const existing = repo.invitations.get(key);
    const invitation = {
      id: existing?.id ?? state.nextId(),
      permission,
      inviter: state.actorOf(bearerToken(request)),
      createdAt: existing?.createdAt ?? state.now().toISOString(),
    };
    repo.invitations.set(key, invitation);
    const links = linksOf(request, state);
    const full = `${repo.owner}/${repo.name}`;
    const names: Record<string, string> = { pull: 'read', push: 'write' };
    return json(201, {
      id: invitation.id,
      node_id: nodeId('RepositoryInvitation', invitation.id),
      repository: minimalRepository(state, repo, links),
      invitee: simpleUser(user, links.api),
      inviter: personJson(state, invitation.inviter, links.api),
      permissions: names[permission] ?? permission,
      created_at: invitation.createdAt,
      expired: false,
      url: `${links.api}/user/repository_invitations/${invitation.id}`,
      html_url: `${links.web}/${full}/invitations`,
    });
  },

  'repos/check-collaborator': (request, state) => {
    const repo = repoOf(request, state);
    const user = state.user(request.pathParams.username);
    if (!repo || !user) return notFound();
    // Collaborators are those with access of their own (direct, team,
    // organization membership or ownership), not readers of a public repository.
    const access = permissionOf(
      state,
      { ...repo, visibility: 'private' },
      user.login,
    );
    return access === 'none' ? notFound() : noContent();
  },

  'teams/add-or-update-repo-permissions-in-org': (request, state) => {
    const org = state.org(request.pathParams.org);
    const team = org?.teams.get(request.pathParams.team_slug);
    const repo = repoOf(request, state);
    // GitHub answers 404 here, although the description lists only 204.
    if (!team || !repo) return notFound();
    repo.teams.set(team.slug, bodyOf(request).permission ?? 'push');
    return noContent();
  },

  'repos/create-or-update-environment': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const body = bodyOf(request);
    const name = request.pathParams.environment_name;
    const policy = body.deployment_branch_policy ?? null;
    if (policy && policy.protected_branches === policy.custom_branch_policies) {
      // GitHub's rule: exactly one of the two may be true.
      return validationFailed(
        'Only one of protected_branches and custom_branch_policies can be set to true',
      );
    }
    const now = new Date().toISOString();
    const existing = repo.environments.get(name);
    const environment = {
      id: existing?.id ?? state.nextId(),
      name,
      deploymentBranchPolicy: policy,
      waitTimer: body.wait_timer,
      preventSelfReview: body.prevent_self_review,
      reviewers: body.reviewers ?? undefined,
      variables: existing?.variables ?? new Map<string, string>(),
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    repo.environments.set(name, environment);
    const { api, web } = linksOf(request, state);
    return json(200, {
      id: environment.id,
      node_id: Buffer.from(`Environment:${environment.id}`).toString('base64'),
      name,
      url: `${api}/repos/${repo.owner}/${
        repo.name
      }/environments/${encodeURIComponent(name)}`,
      html_url: `${web}/${repo.owner}/${
        repo.name
      }/deployments/activity_log?environments_filter=${encodeURIComponent(
        name,
      )}`,
      created_at: environment.createdAt,
      updated_at: environment.updatedAt,
      protection_rules: [],
      deployment_branch_policy: policy,
    });
  },

  'actions/create-environment-variable': (request, state) => {
    const repo = repoOf(request, state);
    const environment = repo?.environments.get(
      request.pathParams.environment_name,
    );
    if (!repo || !environment) return notFound();
    const { name, value } = bodyOf(request);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || /^GITHUB_/i.test(name)) {
      return validationFailed(
        `${name} is not a valid variable name: letters, digits and _ only, not starting with a digit or GITHUB_`,
      );
    }
    if (environment.variables.has(name.toUpperCase())) {
      return json(409, gitHubError(409, 'Already exists - Variable'));
    }
    environment.variables.set(name.toUpperCase(), value);
    return json(201, {});
  },

  'repos/get-branch': (request, state) => {
    const repo = repoOf(request, state);
    const branch = request.pathParams.branch;
    const sha = repo?.refs.get(`heads/${branch}`);
    if (!repo || !sha) {
      return json(404, gitHubError(404, 'Branch not found'));
    }
    const links = linksOf(request, state);
    const protection = repo.protection.get(branch);
    const url = `${links.api}/repos/${repo.owner}/${repo.name}/branches/${branch}`;
    return json(200, {
      name: branch,
      commit: restCommit(repo, repo.commits.get(sha)!, links),
      _links: {
        html: `${links.web}/${repo.owner}/${repo.name}/tree/${branch}`,
        self: url,
      },
      protected: Boolean(protection),
      protection: {
        enabled: Boolean(protection),
        required_status_checks: {
          enforcement_level: protection ? 'non_admins' : 'off',
          contexts: protection?.required_status_checks?.contexts ?? [],
          checks: [],
        },
      },
      protection_url: `${url}/protection`,
    });
  },

  'repos/update-branch-protection': (request, state) => {
    const repo = repoOf(request, state);
    const branch = request.pathParams.branch;
    if (!repo) return notFound();
    if (!repo.refs.has(`heads/${branch}`)) {
      return json(404, gitHubError(404, 'Branch not found'));
    }
    const rules = bodyOf(request);
    repo.protection.set(branch, rules);
    return json(
      200,
      protectedBranch(repo, branch, rules, linksOf(request, state)),
    );
  },

  'repos/get-branch-protection': (request, state) => {
    const repo = repoOf(request, state);
    const rules = repo?.protection.get(request.pathParams.branch);
    if (!repo || !rules) {
      return json(404, gitHubError(404, 'Branch not protected'));
    }
    return json(
      200,
      protectedBranch(
        repo,
        request.pathParams.branch,
        rules,
        linksOf(request, state),
      ),
    );
  },

  'repos/get-content': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const ref = request.query.get('ref') ?? repo.defaultBranch;
    const sha = resolveRevision(repo, ref);
    if (!sha) {
      return json(404, gitHubError(404, `No commit found for the ref ${ref}`));
    }
    const links = linksOf(request, state);
    const file = request.pathParams.path.replace(/^\/+|\/+$/g, '');
    const tree = repo.commits.get(sha)!.tree;
    const blob = repo.trees.get(tree)!.get(file);
    if (blob) {
      const etag = `"${blob}"`;
      if (request.headers['if-none-match'] === etag) {
        return { status: 304, headers: { etag } };
      }
      const bytes = repo.git.readBlob(blob)!;
      const mode = repo.modes.get(tree)?.get(file);
      if (wantsRaw(request)) {
        return {
          status: 200,
          raw: bytes,
          headers: {
            'content-type': 'application/vnd.github.raw',
            etag,
          },
        };
      }
      return {
        status: 200,
        headers: { etag },
        body: {
          ...fileEntry(
            repo,
            ref,
            file,
            mode === '120000' ? 'symlink' : 'file',
            blob,
            bytes.length,
            links,
          ),
          // GitHub wraps base64 at 60 characters.
          content: bytes.toString('base64').replace(/(.{60})/g, '$1\n'),
          encoding: 'base64',
        },
      };
    }
    const listing = file ? repo.git.resolve(`${sha}:${file}`) : tree;
    if (!listing || repo.git.objectType(listing) !== 'tree') return notFound();
    return json(
      200,
      repo.git
        .listTree(listing)
        .map(e =>
          fileEntry(
            repo,
            ref,
            file ? `${file}/${e.path}` : e.path,
            CONTENT_TYPES[e.type],
            e.sha,
            e.size ?? 0,
            links,
          ),
        ),
    );
  },

  'repos/list-commits': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    if (repo.commits.size === 0) {
      return json(409, gitHubError(409, 'Git Repository is empty.'));
    }
    const ref = request.query.get('sha') ?? repo.defaultBranch;
    const start = resolveRevision(repo, ref);
    if (!start) return notFound();
    const links = linksOf(request, state);
    const commits = [];
    for (let sha: string | undefined = start; sha; ) {
      const commit: CommitRecord = repo.commits.get(sha)!;
      commits.push(restCommit(repo, commit, links));
      sha = commit.parents[0];
    }
    return paginated(request, commits);
  },

  'repos/get-combined-status-for-ref': (request, state) => {
    const repo = repoOf(request, state);
    const sha = repo && resolveRevision(repo, request.pathParams.ref);
    if (!repo || !sha) return notFound();
    const links = linksOf(request, state);
    const url = `${links.api}/repos/${repo.owner}/${repo.name}`;
    return json(200, {
      state: 'pending',
      statuses: [],
      sha,
      total_count: 0,
      repository: minimalRepository(state, repo, links),
      commit_url: `${url}/commits/${sha}`,
      url: `${url}/commits/${sha}/status`,
    });
  },

  'repos/download-tarball-archive': (request, state) => {
    const repo = repoOf(request, state);
    const sha = repo && resolveRevision(repo, request.pathParams.ref);
    if (!repo || !sha) return notFound();
    return {
      status: 302,
      headers: { location: hostingOf(state).git.archiveUrl(repo, sha) },
    };
  },

  'git/create-blob': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { content, encoding = 'utf-8' } = bodyOf(request);
    if (encoding !== 'utf-8' && encoding !== 'base64') {
      return validationFailed(`encoding ${encoding} is not supported`);
    }
    const sha = repo.git.writeBlob(
      Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'),
    );
    return json(201, {
      url: `${apiBase(request)}/repos/${repo.owner}/${
        repo.name
      }/git/blobs/${sha}`,
      sha,
    });
  },

  'git/get-blob': (request, state) => {
    const repo = repoOf(request, state);
    const sha = request.pathParams.file_sha;
    const bytes = repo?.git.readBlob(sha);
    if (!repo || !bytes) return notFound();
    return json(200, {
      content: bytes.toString('base64').replace(/(.{60})/g, '$1\n'),
      encoding: 'base64',
      url: `${apiBase(request)}/repos/${repo.owner}/${
        repo.name
      }/git/blobs/${sha}`,
      sha,
      size: bytes.length,
      node_id: Buffer.from(`04:Blob${sha}`).toString('base64'),
    });
  },

  'git/get-tree': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const wanted = request.pathParams.tree_sha;
    const commit = resolveRevision(repo, wanted);
    const tree = commit ? repo.commits.get(commit)!.tree : wanted;
    if (repo.git.objectType(tree) !== 'tree') return notFound();
    const recursive = request.query.has('recursive');
    return json(
      200,
      gitTree(
        repo,
        tree,
        repo.git.listTree(tree, { recursive }),
        linksOf(request, state),
      ),
    );
  },

  'git/create-tree': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const { base_tree: baseTree, tree } = bodyOf(request);
    if (baseTree && repo.git.objectType(baseTree) !== 'tree') {
      return validationFailed('base_tree is not a valid tree oid', [
        { resource: 'Tree', field: 'base_tree', code: 'invalid' },
      ]);
    }
    const changes: GitTreeChange[] = [];
    for (const entry of tree as Array<{
      path: string;
      mode?: string;
      type?: string;
      sha?: string | null;
      content?: string;
    }>) {
      if (entry.type === 'tree' || entry.mode === '040000') {
        return validationFailed(
          'the stand-in takes blob and commit entries only',
        );
      }
      if (entry.content !== undefined) {
        changes.push({
          path: entry.path,
          mode: entry.mode,
          sha: repo.git.writeBlob(entry.content),
        });
      } else if (entry.sha === null) {
        changes.push({ path: entry.path, sha: null });
      } else if (
        entry.sha &&
        repo.git.objectType(entry.sha) ===
          (entry.type === 'commit' ? 'commit' : 'blob')
      ) {
        changes.push({ path: entry.path, mode: entry.mode, sha: entry.sha });
      } else {
        return validationFailed(`tree.sha ${entry.sha} is not a valid blob`, [
          { resource: 'Tree', field: 'sha', code: 'invalid' },
        ]);
      }
    }
    const sha = hostingOf(state).repos.writeTreeChanges(
      repo,
      baseTree,
      changes,
    );
    return json(
      201,
      gitTree(repo, sha, repo.git.listTree(sha), linksOf(request, state)),
    );
  },

  'pulls/create': async (request, state) => {
    const response = await repoHandlers['pulls/create'](request, state);
    const repo = repoOf(request, state);
    const created = response.body as {
      number?: number;
      head?: { sha: string };
    };
    if (repo && response.status === 201 && created.number && created.head) {
      // GitHub keeps every pull request's head as refs/pull/N/head.
      repo.refs.set(`pull/${created.number}/head`, created.head.sha);
    }
    return response;
  },

  'pulls/get': async (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const pull = await renderPull(
      request,
      state,
      Number(request.pathParams.pull_number),
    );
    return pull ? json(200, pull) : notFound();
  },

  'pulls/request-reviewers': async (request, state) => {
    const repo = repoOf(request, state);
    const number = Number(request.pathParams.pull_number);
    const pull = repo?.pulls.find(p => p.number === number);
    if (!repo || !pull) return notFound();
    const { reviewers = [], team_reviewers: teams = [] } = bodyOf(request);
    const org = state.org(repo.owner);
    const unknownTeam = (teams as string[]).find(t => !org?.teams.has(t));
    const unknownUser = (reviewers as string[]).find(u => !state.user(u));
    if (unknownTeam || unknownUser) {
      // GitHub's answer when a reviewer cannot be asked.
      return validationFailed(
        'Reviews may only be requested from collaborators. One or more of the teams or users you specified is not a collaborator of the repository.',
      );
    }
    pull.requestedTeams = [
      ...new Set([...(pull.requestedTeams ?? []), ...teams]),
    ];
    pull.requestedReviewers = [
      ...new Set([...(pull.requestedReviewers ?? []), ...reviewers]),
    ];
    const rendered = await renderPull(request, state, number);
    return json(201, rendered);
  },
};
