/**
 * REST operations of a hosting GitHub stand-in that make branch protection
 * and rulesets real: reviews, commit statuses and check runs (what a
 * protected branch requires), collaborator permissions, repository
 * rulesets, and the refs and merge operations held against them
 * (`protection.ts`). Merged over `hostingHandlers` by
 * `createGitHubHostingStandIn`.
 */
import type { StandInRequest } from '../contract';
import type { GitHubHandler } from '.';
import { hostingOf, hostingHandlers } from './hostingHandlers';
import { MergeMethod, MergeRefusedError } from './hostedRepos';
import {
  CheckRunRecord,
  ENFORCED_RULES,
  permissionOf,
  pushRefusal,
  ReviewRecord,
  RulesetRecord,
  rulesetBypass,
  StatusRecord,
  ZERO_SHA,
  atLeast,
} from './protection';
import { nodeId } from './representations';
import { personJson, repoHandlers } from './repos';
import {
  apiBase,
  bearerToken,
  gitHubError,
  json,
  noContent,
  notFound,
  validationFailed,
} from './responses';
import type { GitHubState } from './state';

const bodyOf = (request: StandInRequest) => (request.body ?? {}) as any;

function repoOf(request: StandInRequest, state: GitHubState) {
  return hostingOf(state).repos.repo(
    request.pathParams.owner,
    request.pathParams.repo,
  );
}

/** Who the call acts as: a person's token, or the integration. */
function actorOf(request: StandInRequest, state: GitHubState) {
  return state.actorOf(bearerToken(request));
}

function pullOf(request: StandInRequest, state: GitHubState) {
  const repo = repoOf(request, state);
  const number = Number(request.pathParams.pull_number);
  return { repo, pull: repo?.pulls.find(p => p.number === number) };
}

function reviewJson(
  request: StandInRequest,
  state: GitHubState,
  review: ReviewRecord,
  number: number,
) {
  const { owner, repo } = request.pathParams;
  const api = apiBase(request);
  const web = hostingOf(state).web;
  const html = `${web}/${owner}/${repo}/pull/${number}#pullrequestreview-${review.id}`;
  const pullUrl = `${api}/repos/${owner}/${repo}/pulls/${number}`;
  const org = state.org(owner);
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: personJson(state, review.user, api),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: org?.members.has(review.user.toLowerCase())
      ? 'MEMBER'
      : 'NONE',
  };
}

function statusJson(
  request: StandInRequest,
  state: GitHubState,
  status: StatusRecord,
) {
  const api = apiBase(request);
  const { owner, repo } = request.pathParams;
  return {
    url: `${api}/repos/${owner}/${repo}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: personJson(state, status.creator, api),
  };
}

function checkRunJson(request: StandInRequest, run: CheckRunRecord) {
  const api = apiBase(request);
  const { owner, repo } = request.pathParams;
  const url = `${api}/repos/${owner}/${repo}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.sha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.externalId,
    url,
    html_url: `${url}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: null,
    app: null,
    pull_requests: [],
  };
}

function rulesetJson(
  request: StandInRequest,
  state: GitHubState,
  ruleset: RulesetRecord,
) {
  const repo = repoOf(request, state)!;
  const api = apiBase(request);
  const full = `${repo.owner}/${repo.name}`;
  return {
    id: ruleset.id,
    name: ruleset.name,
    target: ruleset.target,
    source_type: 'Repository',
    source: full,
    enforcement: ruleset.enforcement,
    bypass_actors: ruleset.bypassActors,
    current_user_can_bypass: rulesetBypass(
      state,
      repo,
      ruleset,
      actorOf(request, state),
    ),
    node_id: nodeId('RepositoryRuleset', ruleset.id),
    _links: {
      self: { href: `${api}/repos/${full}/rulesets/${ruleset.id}` },
      html: {
        href: `${hostingOf(state).web}/${full}/rules/${ruleset.id}`,
      },
    },
    conditions: ruleset.conditions,
    rules: ruleset.rules,
    created_at: ruleset.createdAt,
    updated_at: ruleset.updatedAt,
  };
}

/** A refs API write refused as GitHub refuses it, or undefined. */
function refUpdateRefused(
  request: StandInRequest,
  state: GitHubState,
  ref: string,
  next: string,
) {
  const repo = repoOf(request, state);
  if (!repo) return undefined;
  const current = repo.refs.get(ref.replace(/^refs\//, '')) ?? ZERO_SHA;
  const refusal = pushRefusal(state, repo, actorOf(request, state), {
    ref: `refs/${ref.replace(/^refs\//, '')}`,
    old: current,
    new: next,
    fastForward:
      current === ZERO_SHA ||
      next === ZERO_SHA ||
      repo.git.isAncestor(current, next),
  });
  if (!refusal) return undefined;
  if (refusal.code === 'GH013') {
    return json(409, {
      message: `Repository rule violations found\n\n${refusal.messages.join(
        '\n\n',
      )}\n\n`,
      documentation_url:
        'https://docs.github.com/rest/git/refs#update-a-reference',
      status: '409',
    });
  }
  return json(422, {
    message: [
      `Protected branch update failed for ${refusal.ref}.`,
      ...refusal.messages,
    ].join(' '),
    documentation_url:
      'https://docs.github.com/rest/git/refs#update-a-reference',
  });
}

/** The review endpoint's 422: `errors` are plain sentences there. */
function reviewRefused(sentence: string) {
  return json(422, {
    message: 'Unprocessable Entity',
    errors: [sentence],
    documentation_url:
      'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request',
    status: '422',
  });
}

const CONCLUSIONS = new Set([
  'action_required',
  'cancelled',
  'failure',
  'neutral',
  'success',
  'skipped',
  'stale',
  'timed_out',
]);

export const protectionHandlers: Record<string, GitHubHandler> = {
  'git/update-ref': (request, state) => {
    const { sha } = bodyOf(request);
    return (
      refUpdateRefused(request, state, request.pathParams.ref, sha) ??
      repoHandlers['git/update-ref'](request, state)
    );
  },

  'git/delete-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const ref = request.pathParams.ref.replace(/^refs\//, '');
    if (!repo.refs.has(ref)) {
      return validationFailed('Reference does not exist');
    }
    const refused = refUpdateRefused(request, state, ref, ZERO_SHA);
    if (refused) return refused;
    repo.refs.delete(ref);
    return noContent();
  },

  'pulls/merge': (request, state) => {
    const { repo, pull } = pullOf(request, state);
    if (!repo || !pull) return notFound();
    const body = bodyOf(request);
    try {
      const merged = hostingOf(state).repos.mergePull(
        repo.owner,
        repo.name,
        pull.number,
        {
          method: body.merge_method as MergeMethod | undefined,
          title: body.commit_title,
          message: body.commit_message,
          sha: body.sha,
          as: actorOf(request, state),
        },
      );
      return json(200, {
        sha: merged.sha,
        merged: true,
        message: 'Pull Request successfully merged',
      });
    } catch (error) {
      if (!(error instanceof MergeRefusedError)) throw error;
      return json(error.status, {
        message: error.message,
        documentation_url:
          'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
      });
    }
  },

  'pulls/create-review': (request, state) => {
    const { repo, pull } = pullOf(request, state);
    const login = actorOf(request, state);
    if (!repo || !pull || !atLeast(permissionOf(state, repo, login), 'read')) {
      return notFound();
    }
    const { event, body = '', commit_id: commitId } = bodyOf(request);
    const head = repo.refs.get(`heads/${pull.head}`) ?? '';
    if (
      event === 'APPROVE' &&
      login.toLowerCase() === pull.user.toLowerCase()
    ) {
      return reviewRefused('Can not approve your own pull request');
    }
    if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && !body) {
      return reviewRefused(
        `Can not ${
          event === 'COMMENT' ? 'comment' : 'request changes'
        } without a body`,
      );
    }
    const states = {
      APPROVE: 'APPROVED',
      REQUEST_CHANGES: 'CHANGES_REQUESTED',
      COMMENT: 'COMMENTED',
    } as const;
    const review: ReviewRecord = {
      id: state.nextId(),
      user: login,
      // Without an event GitHub keeps the review pending: it counts for nothing.
      state: states[event as keyof typeof states] ?? 'PENDING',
      body,
      commitId: commitId ?? head,
      submittedAt: state.now().toISOString(),
    };
    pull.reviews = [...(pull.reviews ?? []), review];
    const answer = reviewJson(request, state, review, pull.number);
    hostingOf(state).repos.autoMerge(repo);
    return json(200, answer);
  },

  'pulls/list-reviews': (request, state) => {
    const { repo, pull } = pullOf(request, state);
    if (!repo || !pull) return notFound();
    return json(
      200,
      (pull.reviews ?? []).map(r => reviewJson(request, state, r, pull.number)),
    );
  },

  'repos/create-commit-status': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const sha = request.pathParams.sha;
    if (!repo.commits.has(sha)) {
      return validationFailed(`No commit found for SHA: ${sha}`);
    }
    const body = bodyOf(request);
    const status: StatusRecord = {
      id: state.nextId(),
      sha,
      state: body.state,
      context: body.context ?? 'default',
      description: body.description ?? null,
      targetUrl: body.target_url ?? null,
      creator: actorOf(request, state),
      createdAt: state.now().toISOString(),
    };
    repo.statuses.push(status);
    hostingOf(state).repos.autoMerge(repo);
    return json(201, statusJson(request, state, status));
  },

  'repos/list-commit-statuses-for-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const sha = resolveRef(repo, request.pathParams.ref);
    return json(
      200,
      repo.statuses
        .filter(s => s.sha === sha)
        .reverse()
        .map(s => statusJson(request, state, s)),
    );
  },

  'repos/get-combined-status-for-ref': async (request, state) => {
    const response = await hostingHandlers['repos/get-combined-status-for-ref'](
      request,
      state,
    );
    const repo = repoOf(request, state);
    const combined = response.body as { sha?: string } | undefined;
    if (!repo || response.status !== 200 || !combined?.sha) return response;
    // The latest status of each context, newest first.
    const latest = new Map<string, StatusRecord>();
    for (const s of repo.statuses.filter(x => x.sha === combined.sha)) {
      latest.set(s.context, s);
    }
    const statuses = [...latest.values()].reverse();
    const states = statuses.map(s => s.state);
    let overall = 'success';
    if (states.length === 0 || states.includes('pending')) overall = 'pending';
    if (states.some(s => s === 'failure' || s === 'error')) overall = 'failure';
    return json(200, {
      ...combined,
      state: overall,
      total_count: statuses.length,
      statuses: statuses.map(s => {
        const { creator: _creator, ...simple } = statusJson(request, state, s);
        return simple;
      }),
    });
  },

  'checks/create': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    if (state.personalTokens.has(bearerToken(request) ?? '')) {
      // Only GitHub Apps create check runs; people report commit statuses.
      return json(
        403,
        gitHubError(403, 'You must authenticate via a GitHub App.'),
      );
    }
    const body = bodyOf(request);
    if (!repo.commits.has(body.head_sha)) {
      return validationFailed(`No commit found for SHA: ${body.head_sha}`);
    }
    if (body.conclusion && !CONCLUSIONS.has(body.conclusion)) {
      return validationFailed(`${body.conclusion} is not a valid conclusion`);
    }
    const now = state.now().toISOString();
    const completed = Boolean(body.conclusion) || body.status === 'completed';
    const run: CheckRunRecord = {
      id: state.nextId(),
      sha: body.head_sha,
      name: body.name,
      status: completed ? 'completed' : body.status ?? 'queued',
      conclusion: body.conclusion ?? null,
      detailsUrl: body.details_url ?? null,
      externalId: body.external_id ?? null,
      startedAt: body.started_at ?? now,
      completedAt: completed ? body.completed_at ?? now : null,
    };
    repo.checkRuns.push(run);
    hostingOf(state).repos.autoMerge(repo);
    return json(201, checkRunJson(request, run));
  },

  'checks/list-for-ref': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const sha = resolveRef(repo, request.pathParams.ref);
    const name = request.query.get('check_name');
    const runs = repo.checkRuns
      .filter(r => r.sha === sha && (!name || r.name === name))
      .reverse();
    return json(200, {
      total_count: runs.length,
      check_runs: runs.map(r => checkRunJson(request, r)),
    });
  },

  'repos/get-collaborator-permission-level': (request, state) => {
    const repo = repoOf(request, state);
    const user = state.user(request.pathParams.username);
    if (!repo || !user) return notFound();
    const role = permissionOf(state, repo, user.login);
    // `permission` keeps the legacy names: maintain reads as write, triage as read.
    const legacy = { maintain: 'write', triage: 'read' } as Record<
      string,
      string
    >;
    const api = apiBase(request);
    return json(200, {
      permission: legacy[role] ?? role,
      role_name: role,
      user: { ...personJson(state, user.login, api), role_name: role },
    });
  },

  'repos/create-repo-ruleset': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    const body = bodyOf(request);
    if (repo.rulesets.some(r => r.name === body.name)) {
      return validationFailed(`Name must be unique: ${body.name}`);
    }
    const unknown = (body.rules ?? []).filter(
      (r: { type: string }) => !ENFORCED_RULES.has(r.type),
    );
    for (const rule of unknown) {
      // Kept and returned, but a test relying on it would trust a rule
      // the stand-in does not enforce.
      hostingOf(state).violations.push(
        `Ruleset ${body.name}: rule ${rule.type} is kept but not enforced by the stand-in`,
      );
    }
    const now = state.now().toISOString();
    const ruleset: RulesetRecord = {
      id: state.nextId(),
      name: body.name,
      target: body.target ?? 'branch',
      enforcement: body.enforcement,
      bypassActors: body.bypass_actors ?? [],
      conditions: body.conditions ?? {},
      rules: body.rules ?? [],
      createdAt: now,
      updatedAt: now,
    };
    repo.rulesets.push(ruleset);
    return json(201, rulesetJson(request, state, ruleset));
  },

  'repos/get-repo-rulesets': (request, state) => {
    const repo = repoOf(request, state);
    if (!repo) return notFound();
    return json(
      200,
      repo.rulesets.map(r => {
        const {
          conditions: _c,
          rules: _r,
          bypass_actors: _b,
          current_user_can_bypass: _u,
          ...summary
        } = rulesetJson(request, state, r);
        return summary;
      }),
    );
  },

  'repos/get-repo-ruleset': (request, state) => {
    const repo = repoOf(request, state);
    const ruleset = repo?.rulesets.find(
      r => r.id === Number(request.pathParams.ruleset_id),
    );
    return ruleset
      ? json(200, rulesetJson(request, state, ruleset))
      : notFound();
  },
};

function resolveRef(
  repo: { refs: Map<string, string>; commits: Map<string, unknown> },
  ref: string,
) {
  return (
    repo.refs.get(`heads/${ref}`) ??
    repo.refs.get(`tags/${ref}`) ??
    repo.refs.get(ref.replace(/^refs\//, '')) ??
    ref
  );
}
