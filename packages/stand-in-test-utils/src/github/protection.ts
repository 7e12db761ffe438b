/**
 * What GitHub enforces on a hosted repository's branches: who may do what
 * (repository permissions from organization roles, collaborators and
 * teams), classic branch protection and repository rulesets, applied to
 * pushes (Git and the refs API) and to pull request merges. Every rule
 * names the documentation it follows in the README's "checked against"
 * table.
 *
 * Unprotected branches are left alone: without protection or a matching
 * active ruleset, every push and merge is allowed, as on GitHub.
 */
import type { HostedRepoRecord } from './hostedRepos';
import type { PullRecord } from './repos';
import type { GitHubState, OrgRecord } from './state';

export type Permission =
  | 'admin'
  | 'maintain'
  | 'write'
  | 'triage'
  | 'read'
  | 'none';

const RANK: Record<Permission, number> = {
  none: 0,
  read: 1,
  triage: 2,
  write: 3,
  maintain: 4,
  admin: 5,
};

/** The REST API's permission names (`pull`, `push`, ...) to roles. */
const ROLE_OF: Record<string, Permission> = {
  pull: 'read',
  read: 'read',
  triage: 'triage',
  push: 'write',
  write: 'write',
  maintain: 'maintain',
  admin: 'admin',
};

function roleOf(permission: string | undefined): Permission {
  return ROLE_OF[permission ?? ''] ?? 'none';
}

export function atLeast(permission: Permission, wanted: Permission) {
  return RANK[permission] >= RANK[wanted];
}

/** A review as `POST /pulls/{n}/reviews` records it. */
export interface ReviewRecord {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string;
}

/** A commit status (`POST /statuses/{sha}`). */
export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

/** A check run (`POST /check-runs`). */
export interface CheckRunRecord {
  id: number;
  sha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  startedAt: string;
  completedAt: string | null;
}

/** A repository ruleset as created (`POST /rulesets`). */
export interface RulesetRecord {
  id: number;
  name: string;
  target: 'branch' | 'tag' | 'push';
  enforcement: 'active' | 'disabled' | 'evaluate';
  bypassActors: Array<{
    actor_id?: number | null;
    actor_type: string;
    bypass_mode?: 'always' | 'pull_request';
  }>;
  conditions: { ref_name?: { include?: string[]; exclude?: string[] } };
  rules: Array<{ type: string; parameters?: Record<string, any> }>;
  createdAt: string;
  updatedAt: string;
}

/** True for the integration's own identity (the portal's app or bot token). */
function isIntegration(state: GitHubState, login: string): boolean {
  return (
    login.toLowerCase() === state.actor.toLowerCase() &&
    (state.user(login)?.type ?? 'Bot') === 'Bot'
  );
}

/** The team and every team above it: a child team inherits its parent's access. */
function teamAndAncestors(org: OrgRecord, slug: string): string[] {
  const out: string[] = [];
  for (let s: string | null = slug; s && !out.includes(s); ) {
    out.push(s);
    s = org.teams.get(s)?.parentSlug ?? null;
  }
  return out;
}

/** Whether a user is an active member of a team or of a team below it. */
function inTeam(org: OrgRecord, slug: string, login: string): boolean {
  const key = login.toLowerCase();
  return [...org.teams.values()].some(
    team =>
      team.members.get(key)?.state === 'active' &&
      teamAndAncestors(org, team.slug).includes(slug),
  );
}

/** A team's access to a repository, its own or inherited from a parent team. */
export function teamPermission(
  state: GitHubState,
  repo: HostedRepoRecord,
  slug: string,
): Permission {
  const org = state.org(repo.owner);
  if (!org) return 'none';
  return teamAndAncestors(org, slug)
    .map(s => roleOf(repo.teams.get(s)))
    .reduce((a, b) => (RANK[a] >= RANK[b] ? a : b), 'none' as Permission);
}

/**
 * A person's access to a repository: the highest of organization owner
 * (admin), direct collaborator, and the teams they are on; organization
 * members get the base permission (read), anyone reads a public repository.
 */
export function permissionOf(
  state: GitHubState,
  repo: HostedRepoRecord,
  login: string,
): Permission {
  if (isIntegration(state, login)) return 'admin';
  const key = login.toLowerCase();
  if (key === repo.owner.toLowerCase()) return 'admin';
  const org = state.org(repo.owner);
  const member = org?.members.get(key);
  if (member?.state === 'active' && member.role === 'admin') return 'admin';
  const candidates: Permission[] = [roleOf(repo.collaborators.get(key))];
  if (org && member?.state === 'active') {
    candidates.push('read');
    for (const [slug, permission] of repo.teams) {
      if (inTeam(org, slug, login)) candidates.push(roleOf(permission));
    }
  }
  if (repo.visibility === 'public') candidates.push('read');
  return candidates.reduce((a, b) => (RANK[a] >= RANK[b] ? a : b), 'none');
}

// ---- what applies to a branch -------------------------------------------

interface Requirements {
  /** GH006 (branch protection) or GH013 (rulesets). */
  kind: 'protection' | 'ruleset';
  /** Bypasses everything, on pushes and merges. */
  bypass: (login: string) => boolean;
  /** Bypasses only through a pull request (a ruleset's `pull_request` bypass mode). */
  bypassMerge: (login: string) => boolean;
  pullRequest?: {
    count: number;
    codeOwners: boolean;
    dismissStale: boolean;
    /** Who may push without a pull request (and merge without reviews). */
    bypass: (login: string) => boolean;
  };
  checks?: { contexts: string[]; strict: boolean };
  forcePush: boolean;
  deletion: boolean;
  /** Who may push at all; undefined lets everyone with write access. */
  pushers?: (login: string) => boolean;
}

function listed(
  state: GitHubState,
  repo: HostedRepoRecord,
  lists: { users?: string[]; teams?: string[]; apps?: string[] } | undefined,
  login: string,
): boolean {
  if (!lists) return false;
  const org = state.org(repo.owner);
  return (
    (lists.users ?? []).some(u => u.toLowerCase() === login.toLowerCase()) ||
    (lists.teams ?? []).some(t => Boolean(org && inTeam(org, t, login))) ||
    ((lists.apps ?? []).length > 0 &&
      isIntegration(state, login) &&
      (lists.apps ?? []).some(
        a => `${a}[bot]`.toLowerCase() === login.toLowerCase(),
      ))
  );
}

function fromProtection(
  state: GitHubState,
  repo: HostedRepoRecord,
  rules: Record<string, any>,
): Requirements {
  // Without "Do not allow bypassing", repository administrators (people,
  // not apps) are exempt.
  const adminBypass = (login: string) =>
    !rules.enforce_admins &&
    !isIntegration(state, login) &&
    permissionOf(state, repo, login) === 'admin';
  const reviews = rules.required_pull_request_reviews;
  const checks = rules.required_status_checks;
  return {
    kind: 'protection',
    bypass: adminBypass,
    bypassMerge: () => false,
    ...(reviews && {
      pullRequest: {
        count: reviews.required_approving_review_count ?? 1,
        codeOwners: Boolean(reviews.require_code_owner_reviews),
        dismissStale: Boolean(reviews.dismiss_stale_reviews),
        bypass: (login: string) =>
          listed(state, repo, reviews.bypass_pull_request_allowances, login),
      },
    }),
    ...(checks && {
      checks: {
        contexts:
          checks.contexts ??
          (checks.checks ?? []).map((c: { context: string }) => c.context),
        strict: Boolean(checks.strict),
      },
    }),
    forcePush: !rules.allow_force_pushes,
    deletion: !rules.allow_deletions,
    ...(rules.restrictions && {
      pushers: (login: string) =>
        listed(state, repo, rules.restrictions, login),
    }),
  };
}

/** fnmatch as rulesets use it: `*` within a segment, `**` across. */
function refPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function rulesetMatches(
  repo: HostedRepoRecord,
  ruleset: RulesetRecord,
  ref: string,
): boolean {
  const match = (pattern: string) =>
    pattern === '~ALL' ||
    (pattern === '~DEFAULT_BRANCH'
      ? ref === `refs/heads/${repo.defaultBranch}`
      : refPattern(pattern).test(ref));
  const { include = [], exclude = [] } = ruleset.conditions.ref_name ?? {};
  // A ruleset with no target applies to nothing, as GitHub shows it.
  return include.some(match) && !exclude.some(match);
}

/** Repository role ids of ruleset bypass actors (`RepositoryRole`). */
const REPOSITORY_ROLE_IDS: Record<number, Permission> = {
  2: 'maintain',
  4: 'write',
  5: 'admin',
};

function bypassActor(
  state: GitHubState,
  repo: HostedRepoRecord,
  actor: RulesetRecord['bypassActors'][number],
  login: string,
): boolean {
  const org = state.org(repo.owner);
  const integration = isIntegration(state, login);
  switch (actor.actor_type) {
    case 'RepositoryRole': {
      const role = REPOSITORY_ROLE_IDS[actor.actor_id ?? 0];
      return (
        !integration &&
        Boolean(role) &&
        atLeast(permissionOf(state, repo, login), role)
      );
    }
    case 'OrganizationAdmin': {
      const member = org?.members.get(login.toLowerCase());
      return member?.state === 'active' && member.role === 'admin';
    }
    case 'Team': {
      const team = [...(org?.teams.values() ?? [])].find(
        t => t.id === actor.actor_id,
      );
      return Boolean(org && team && inTeam(org, team.slug, login));
    }
    case 'Integration':
      return (
        integration &&
        state.integrationAppId !== undefined &&
        actor.actor_id === state.integrationAppId
      );
    default:
      return false;
  }
}

/** How the actor may bypass a ruleset: `always`, `pull_requests_only` or `never`. */
export function rulesetBypass(
  state: GitHubState,
  repo: HostedRepoRecord,
  ruleset: RulesetRecord,
  login: string,
): 'always' | 'pull_requests_only' | 'never' {
  const matching = ruleset.bypassActors.filter(a =>
    bypassActor(state, repo, a, login),
  );
  if (matching.some(a => (a.bypass_mode ?? 'always') === 'always')) {
    return 'always';
  }
  return matching.length > 0 ? 'pull_requests_only' : 'never';
}

/** Rule types the stand-in enforces; others are kept and reported. */
export const ENFORCED_RULES = new Set([
  'pull_request',
  'required_status_checks',
  'non_fast_forward',
  'deletion',
]);

function fromRuleset(
  state: GitHubState,
  repo: HostedRepoRecord,
  ruleset: RulesetRecord,
): Requirements {
  const rule = (type: string) => ruleset.rules.find(r => r.type === type);
  const pr = rule('pull_request')?.parameters;
  const pullRequest = rule('pull_request');
  const checks = rule('required_status_checks')?.parameters;
  return {
    kind: 'ruleset',
    bypass: login => rulesetBypass(state, repo, ruleset, login) === 'always',
    bypassMerge: login =>
      rulesetBypass(state, repo, ruleset, login) === 'pull_requests_only',
    ...(pullRequest && {
      pullRequest: {
        count: pr?.required_approving_review_count ?? 0,
        codeOwners: Boolean(pr?.require_code_owner_review),
        dismissStale: Boolean(pr?.dismiss_stale_reviews_on_push),
        bypass: () => false,
      },
    }),
    ...(checks && {
      checks: {
        contexts: (checks.required_status_checks ?? []).map(
          (c: { context: string }) => c.context,
        ),
        strict: Boolean(checks.strict_required_status_checks_policy),
      },
    }),
    forcePush: Boolean(rule('non_fast_forward')),
    deletion: Boolean(rule('deletion')),
  };
}

/** Everything that applies to a branch: its protection and active rulesets. */
function requirementsOf(
  state: GitHubState,
  repo: HostedRepoRecord,
  branch: string,
): Requirements[] {
  const out: Requirements[] = [];
  const protection = repo.protection.get(branch);
  if (protection) out.push(fromProtection(state, repo, protection));
  for (const ruleset of repo.rulesets) {
    if (
      ruleset.enforcement === 'active' &&
      ruleset.target === 'branch' &&
      rulesetMatches(repo, ruleset, `refs/heads/${branch}`)
    ) {
      out.push(fromRuleset(state, repo, ruleset));
    }
  }
  return out;
}

// ---- checks ----------------------------------------------------------------

const PASSING_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);

/** `passing`, `failing` or `expected` (nothing reported, or still pending). */
function checkState(
  repo: HostedRepoRecord,
  sha: string,
  context: string,
): 'passing' | 'failing' | 'expected' {
  const status = repo.statuses
    .filter(s => s.sha === sha && s.context === context)
    .at(-1);
  const run = repo.checkRuns
    .filter(c => c.sha === sha && c.name === context)
    .at(-1);
  if (
    status?.state === 'success' ||
    (run?.status === 'completed' &&
      PASSING_CONCLUSIONS.has(run.conclusion ?? ''))
  ) {
    return 'passing';
  }
  if (
    status?.state === 'failure' ||
    status?.state === 'error' ||
    (run?.status === 'completed' &&
      !PASSING_CONCLUSIONS.has(run.conclusion ?? ''))
  ) {
    return 'failing';
  }
  return 'expected';
}

function checkMessages(
  repo: HostedRepoRecord,
  sha: string,
  contexts: string[],
): string[] {
  return contexts.flatMap(context => {
    const found = checkState(repo, sha, context);
    if (found === 'passing') return [];
    return [`Required status check "${context}" is ${found}.`];
  });
}

// ---- pushes ------------------------------------------------------------------

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export interface RefUpdate {
  /** `refs/heads/main` */
  ref: string;
  old: string;
  new: string;
  /** Whether `new` descends from `old` (true for creations and deletions). */
  fastForward: boolean;
}

export interface PushRefusal {
  ref: string;
  /** GH006 for branch protection, GH013 for rulesets. */
  code: 'GH006' | 'GH013';
  messages: string[];
}

/**
 * Why GitHub would refuse this ref update by this person, or undefined.
 * Branch protection is answered first, as GitHub reports GH006 before GH013.
 */
export function pushRefusal(
  state: GitHubState,
  repo: HostedRepoRecord,
  login: string,
  update: RefUpdate,
  /** What would be refused without the actor's bypass (GitHub's "Bypassed rule violations"). */
  options: { ignoreBypass?: boolean } = {},
): PushRefusal | undefined {
  if (!update.ref.startsWith('refs/heads/')) return undefined;
  const branch = update.ref.slice('refs/heads/'.length);
  const refusals: PushRefusal[] = [];
  for (const req of requirementsOf(state, repo, branch)) {
    const bypassed = !options.ignoreBypass && req.bypass(login);
    // A ruleset's bypass actors skip all of it; branch protection's force
    // push and deletion blocks apply to everyone, administrators included.
    if (bypassed && req.kind === 'ruleset') continue;
    const messages: string[] = [];
    if (update.new === ZERO_SHA) {
      if (req.deletion) messages.push('Cannot delete this branch');
    } else if (update.old !== ZERO_SHA) {
      if (!update.fastForward && req.forcePush) {
        messages.push('Cannot force-push to this branch');
      }
      // Administrators (without enforce_admins) pass the remaining rules.
      if (!bypassed && req.pushers && !req.pushers(login)) {
        messages.push(
          "You're not authorized to push to this branch. Visit https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/managing-protected-branches/about-protected-branches for more information.",
        );
      }
      if (!bypassed && req.pullRequest && !req.pullRequest.bypass(login)) {
        messages.push('Changes must be made through a pull request.');
      }
      if (!bypassed && req.checks) {
        const missing = checkMessages(repo, update.new, req.checks.contexts);
        // Rulesets count the checks; branch protection names each one.
        if (req.kind === 'protection') messages.push(...missing);
        else if (missing.length > 0) {
          messages.push(
            `${missing.length} of ${req.checks.contexts.length} required status checks are expected.`,
          );
        }
      }
    }
    if (messages.length > 0) {
      refusals.push({
        ref: update.ref,
        code: req.kind === 'protection' ? 'GH006' : 'GH013',
        messages,
      });
    }
  }
  if (refusals.length === 0) return undefined;
  const first = refusals[0].code;
  return {
    ref: update.ref,
    code: first,
    messages: refusals.filter(r => r.code === first).flatMap(r => r.messages),
  };
}

/**
 * What `git push` shows under `remote:` when a ref lands only thanks to a
 * bypass (an administrator without enforce_admins, a bypass actor).
 */
export function bypassedLines(
  state: GitHubState,
  repo: HostedRepoRecord,
  login: string,
  update: RefUpdate,
): string[] {
  const would = pushRefusal(state, repo, login, update, { ignoreBypass: true });
  if (!would) return [];
  return [
    `Bypassed rule violations for ${update.ref}:`,
    '',
    ...would.messages.map(m => `- ${m}`),
    '',
  ];
}

/** The lines `git push` shows under `remote:` for a refusal. */
export function pushRefusalLines(
  refusal: PushRefusal,
  web: string,
  repo: HostedRepoRecord,
): string[] {
  if (refusal.code === 'GH006') {
    return [
      `error: GH006: Protected branch update failed for ${refusal.ref}.`,
      ...refusal.messages.map(m => `error: ${m}`),
    ];
  }
  return [
    `error: GH013: Repository rule violations found for ${refusal.ref}.`,
    `Review all repository rules at ${web}/${repo.owner}/${
      repo.name
    }/rules?ref=${encodeURIComponent(refusal.ref)}`,
    '',
    ...refusal.messages.map(m => `- ${m}`),
    '',
  ];
}

// ---- merges ------------------------------------------------------------------

/** Files a pull request changes, from where it left its base to its head. */
function changedFiles(repo: HostedRepoRecord, base: string, head: string) {
  const out = repo.git
    .run(['diff', '--name-only', '--no-renames', `${base}...${head}`])
    .toString('utf8')
    .trim();
  return out ? out.split('\n') : [];
}

/** A CODEOWNERS pattern (gitignore-like, as GitHub documents it) as a regex. */
export function codeOwnersPattern(pattern: string): RegExp {
  let p = pattern;
  const anchored = p.startsWith('/') || p.slice(0, -1).includes('/');
  p = p.replace(/^\//, '');
  const directory = p.endsWith('/');
  if (directory) p = p.slice(0, -1);
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i++;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // `docs/*` owns the files directly in docs/, not those further down.
  const shallow = /\/\*$/.test(p) && !/\*\*$/.test(p);
  let end = '(?:$|/)';
  if (directory) end = '/';
  else if (shallow) end = '$';
  return new RegExp(`${anchored ? '^' : '^(?:.*/)?'}${re}${end}`);
}

interface OwnerLine {
  pattern: RegExp;
  owners: string[];
}

function codeOwners(repo: HostedRepoRecord, sha: string): OwnerLine[] {
  const tree = repo.trees.get(repo.commits.get(sha)?.tree ?? '');
  const file = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']
    .map(f => tree?.get(f))
    .find(Boolean);
  if (!file) return [];
  return (repo.blobs.get(file) ?? '')
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .map(line => {
      const [pattern, ...owners] = line.split(/\s+/);
      return { pattern: codeOwnersPattern(pattern), owners };
    });
}

/**
 * A code owner counts only if it may write to the repository: a person
 * with write access, or a team that has write access itself (not through
 * its members). Others are ignored, as GitHub marks them as errors.
 */
function validOwner(state: GitHubState, repo: HostedRepoRecord, owner: string) {
  const team = /^@([^/]+)\/(.+)$/.exec(owner);
  if (team) {
    return (
      team[1].toLowerCase() === repo.owner.toLowerCase() &&
      atLeast(teamPermission(state, repo, team[2].toLowerCase()), 'write')
    );
  }
  const login = owner.startsWith('@')
    ? owner.slice(1)
    : [...state.users.values()].find(u => u.email === owner)?.login;
  return Boolean(
    login &&
      state.user(login) &&
      atLeast(permissionOf(state, repo, login), 'write'),
  );
}

function ownedBy(
  state: GitHubState,
  repo: HostedRepoRecord,
  owner: string,
  login: string,
) {
  const team = /^@([^/]+)\/(.+)$/.exec(owner);
  const org = state.org(repo.owner);
  if (team) return Boolean(org && inTeam(org, team[2].toLowerCase(), login));
  const user = owner.startsWith('@')
    ? owner.slice(1)
    : [...state.users.values()].find(u => u.email === owner)?.login;
  return user?.toLowerCase() === login.toLowerCase();
}

/** The latest review of each reviewer that approved or requested changes. */
function latestReviews(pull: PullRecord): ReviewRecord[] {
  const latest = new Map<string, ReviewRecord>();
  for (const review of pull.reviews ?? []) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.user.toLowerCase(), review);
  }
  return [...latest.values()];
}

/** GitHub's answer to the merge button when requirements are unmet, or undefined. */
export function mergeRefusal(
  state: GitHubState,
  repo: HostedRepoRecord,
  pull: PullRecord,
  login: string,
): string | undefined {
  const head = repo.refs.get(`heads/${pull.head}`)!;
  const base = repo.refs.get(`heads/${pull.base}`)!;
  let protection: string[] = [];
  let rulesets: string[] = [];
  for (const req of requirementsOf(state, repo, pull.base)) {
    if (req.bypass(login) || req.bypassMerge(login)) continue;
    const messages: string[] = [];
    if (req.pullRequest && !req.pullRequest.bypass(login)) {
      const { count, codeOwners: owners, dismissStale } = req.pullRequest;
      const counted = latestReviews(pull).filter(
        r =>
          r.user.toLowerCase() !== pull.user.toLowerCase() &&
          atLeast(permissionOf(state, repo, r.user), 'write') &&
          (!dismissStale || r.commitId === head),
      );
      const approvals = counted.filter(r => r.state === 'APPROVED');
      if (counted.some(r => r.state === 'CHANGES_REQUESTED')) {
        messages.push('Changes requested by a reviewer with write access.');
      }
      if (approvals.length < count) {
        messages.push(
          count === 1
            ? 'At least 1 approving review is required by reviewers with write access.'
            : `At least ${count} approving reviews are required by reviewers with write access.`,
        );
      }
      if (owners) {
        const lines = codeOwners(repo, base);
        const waiting = new Set<string>();
        for (const file of changedFiles(repo, base, head)) {
          const line = [...lines].reverse().find(l => l.pattern.test(file));
          const valid = (line?.owners ?? []).filter(o =>
            validOwner(state, repo, o),
          );
          if (valid.length === 0) continue;
          const approved = approvals.some(r =>
            valid.some(o => ownedBy(state, repo, o, r.user)),
          );
          if (!approved) valid.forEach(o => waiting.add(o.replace(/^@/, '')));
        }
        if (waiting.size > 0) {
          messages.push(
            `Waiting on code owner review from ${[...waiting].join(', ')}.`,
          );
        }
      }
    }
    if (req.checks) {
      if (req.checks.strict && !repo.git.isAncestor(base, head)) {
        messages.push('Head branch is not up to date with the base branch.');
      }
      messages.push(...checkMessages(repo, head, req.checks.contexts));
    }
    if (req.kind === 'protection') protection = protection.concat(messages);
    else rulesets = rulesets.concat(messages);
  }
  if (protection.length > 0) return protection.join(' ');
  if (rulesets.length > 0) {
    return `Repository rule violations found\n\n${rulesets.join('\n\n')}\n\n`;
  }
  return undefined;
}
