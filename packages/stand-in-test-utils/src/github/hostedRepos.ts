/**
 * Repositories of a hosting GitHub stand-in: each one a bare Git repository
 * (`git.ts`), with the in-memory view that `repos.ts`'s handlers read kept
 * as its mirror. `HostedRepos` is a `GitRepos`, so `gitRepos(state)` hands
 * it out and every seeding helper and handler of `repos.ts` works on hosted
 * repositories unchanged:
 *
 * - trees and commits they write become Git objects (`writeTree`,
 *   `writeCommit`), with Git's own SHAs;
 * - refs they move are moved in Git (`GitRefs` writes through);
 * - what `git push` brings is read back into the view (`sync`), before the
 *   push is answered.
 */
import path from 'node:path';
import { BareRepository, GitTreeChange } from './git';
import {
  CheckRunRecord,
  mergeRefusal,
  RulesetRecord,
  StatusRecord,
} from './protection';
import { CommitRecord, GitPerson, GitRepoRecord, GitRepos } from './repos';
import type { GitHubState } from './state';

export type Visibility = 'public' | 'private' | 'internal';

export interface HostedRepoRecord extends GitRepoRecord {
  git: BareRepository;
  /** Tree SHA to each blob path's mode (`100644`, `100755`, `120000`). */
  modes: Map<string, Map<string, string>>;
  description: string | null;
  homepage: string | null;
  visibility: Visibility;
  topics: string[];
  /** Settings as created or updated (`allow_squash_merge`, `has_wiki`, ...). */
  settings: Record<string, unknown>;
  customProperties: Record<string, unknown>;
  /** Branch name to the protection last put on it (the request body). */
  protection: Map<string, Record<string, any>>;
  /** Lower-cased login to permission. */
  collaborators: Map<string, string>;
  /**
   * Open invitations of outside collaborators, by lower-cased login: no
   * access until accepted (`acceptRepoInvitation`).
   */
  invitations: Map<
    string,
    { id: number; permission: string; inviter: string; createdAt: string }
  >;
  /** Team slug to permission. */
  teams: Map<string, string>;
  /** Deployment environments by name (GitHub Actions environments). */
  environments: Map<string, HostedEnvironment>;
  /** Commit statuses, oldest first. */
  statuses: StatusRecord[];
  /** Check runs, oldest first. */
  checkRuns: CheckRunRecord[];
  /** Repository rulesets (`POST /rulesets`). */
  rulesets: RulesetRecord[];
  pushedAt: string | null;
  updatedAt: string;
}

/** A repository's deployment environment, as created or updated. */
interface HostedEnvironment {
  id: number;
  name: string;
  /** The request's deployment_branch_policy (null: any branch may deploy). */
  deploymentBranchPolicy: Record<string, boolean> | null;
  waitTimer?: number;
  preventSelfReview?: boolean;
  reviewers?: Array<{ type: string; id: number }>;
  /** Environment variables by name (`vars.X` in a workflow job using it). */
  variables: Map<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface HostedRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  private?: boolean;
  visibility?: Visibility;
  description?: string | null;
  homepage?: string | null;
  settings?: Record<string, unknown>;
  customProperties?: Record<string, unknown>;
  /** Files of an initial commit; ignored when `empty`. */
  files?: Record<string, string>;
  /** No commit at all, as GitHub creates a repository without `auto_init`. */
  empty?: boolean;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

/** Why a pull request cannot be merged, in GitHub's words. */
export class MergeRefusedError extends Error {
  constructor(message: string, readonly status: 405 | 409) {
    super(message);
  }
}

/** Refs of a hosted repository (`heads/main`): setting or deleting one moves it in Git. */
class GitRefs extends Map<string, string> {
  private git?: BareRepository;

  static of(git: BareRepository): GitRefs {
    const refs = new GitRefs();
    refs.git = git;
    return refs;
  }

  override set(ref: string, sha: string): this {
    this.git?.updateRef(`refs/${ref}`, sha);
    return super.set(ref, sha);
  }

  override delete(ref: string): boolean {
    if (this.git && super.has(ref)) this.git.deleteRef(`refs/${ref}`);
    return super.delete(ref);
  }

  /** Replaces the view with what Git holds, writing nothing. */
  load(refs: Map<string, string>) {
    super.clear();
    for (const [ref, sha] of refs) {
      if (ref.startsWith('refs/')) super.set(ref.slice('refs/'.length), sha);
    }
  }
}

function key(owner: string, name: string) {
  return `${owner}/${name}`.toLowerCase();
}

export class HostedRepos extends GitRepos {
  private readonly hosted = new Map<string, HostedRepoRecord>();

  constructor(private readonly world: GitHubState, readonly root: string) {
    super(world);
  }

  /** Where a repository's bare Git directory is (GitHub names are case-insensitive). */
  gitDir(owner: string, name: string): string {
    return path.join(
      this.root,
      owner.toLowerCase(),
      `${name.toLowerCase()}.git`,
    );
  }

  override addRepo(options: HostedRepoOptions): HostedRepoRecord {
    if (this.hosted.has(key(options.owner, options.name))) {
      throw new Error(`${options.owner}/${options.name} exists already`);
    }
    const defaultBranch = options.defaultBranch ?? 'main';
    const git = BareRepository.init(
      this.gitDir(options.owner, options.name),
      defaultBranch,
    );
    const now = this.world.now().toISOString();
    const visibility =
      options.visibility ?? (options.private === false ? 'public' : 'private');
    const record: HostedRepoRecord = {
      id: this.world.nextId(),
      owner: options.owner,
      name: options.name,
      defaultBranch,
      private: visibility !== 'public',
      createdAt: now,
      refs: GitRefs.of(git),
      commits: new Map(),
      trees: new Map(),
      blobs: new Map(),
      pulls: [],
      git,
      modes: new Map(),
      description: options.description ?? null,
      homepage: options.homepage ?? null,
      visibility,
      topics: [],
      settings: options.settings ?? {},
      customProperties: options.customProperties ?? {},
      protection: new Map(),
      collaborators: new Map(),
      invitations: new Map(),
      teams: new Map(),
      environments: new Map(),
      statuses: [],
      checkRuns: [],
      rulesets: [],
      pushedAt: null,
      updatedAt: now,
    };
    this.hosted.set(key(options.owner, options.name), record);
    if (!options.empty) {
      const tree = this.writeTree(record, new Map(), options.files ?? {});
      const commit = this.writeCommit(record, {
        tree,
        parents: [],
        message: 'Initial commit',
      });
      record.refs.set(`heads/${defaultBranch}`, commit.sha);
      record.pushedAt = now;
    }
    return record;
  }

  override repo(owner: string, name: string): HostedRepoRecord | undefined {
    return this.hosted.get(key(owner, name));
  }

  override requireRepo(owner: string, name: string): HostedRepoRecord {
    const repo = this.repo(owner, name);
    if (!repo)
      throw new Error(`No repository ${owner}/${name} in the stand-in`);
    return repo;
  }

  /** What happens when an invited outside collaborator accepts: the access begins. */
  acceptRepoInvitation(owner: string, name: string, login: string) {
    const repo = this.requireRepo(owner, name);
    const invitee = login.toLowerCase();
    const invitation = repo.invitations.get(invitee);
    if (!invitation) {
      throw new Error(`${login} has no invitation to ${owner}/${name}`);
    }
    repo.collaborators.set(invitee, invitation.permission);
    repo.invitations.delete(invitee);
  }

  /** Every hosted repository, in creation order. */
  list(): HostedRepoRecord[] {
    return [...this.hosted.values()];
  }

  /** A file's bytes at a branch, tag or commit, or undefined. */
  bytes(
    owner: string,
    name: string,
    ref: string,
    file: string,
  ): Buffer | undefined {
    const repo = this.requireRepo(owner, name);
    const sha = resolveRevision(repo, ref);
    const blob = sha && repo.trees.get(repo.commits.get(sha)!.tree)?.get(file);
    return blob ? repo.git.readBlob(blob) : undefined;
  }

  override writeTree(
    repo: GitRepoRecord,
    base: Map<string, string>,
    files: Record<string, string | null>,
  ): string {
    const hosted = this.requireRepo(repo.owner, repo.name);
    const baseSha = [...hosted.trees].find(
      ([, listing]) => listing === base,
    )?.[0];
    const baseModes = baseSha ? hosted.modes.get(baseSha) : undefined;
    const changes: GitTreeChange[] = [];
    if (!baseSha) {
      // A listing the view does not know: rebuild it from its blobs.
      for (const [file, sha] of base) changes.push({ path: file, sha });
    }
    for (const [file, content] of Object.entries(files)) {
      changes.push(
        content === null
          ? { path: file, sha: null }
          : {
              path: file,
              sha: hosted.git.writeBlob(content),
              mode: baseModes?.get(file) ?? '100644',
            },
      );
    }
    return this.writeTreeChanges(hosted, baseSha, changes);
  }

  /** A tree from Git-level changes (modes, blob SHAs, deletions), mirrored in the view. */
  writeTreeChanges(
    repo: HostedRepoRecord,
    baseTree: string | undefined,
    changes: GitTreeChange[],
  ): string {
    const sha = repo.git.buildTree(baseTree, changes);
    this.importTree(repo, sha);
    return sha;
  }

  override writeCommit(
    repo: GitRepoRecord,
    commit: {
      tree: string;
      parents: string[];
      message: string;
      author?: Partial<GitPerson>;
      committer?: Partial<GitPerson>;
    },
  ): CommitRecord {
    const hosted = this.requireRepo(repo.owner, repo.name);
    const now = this.world.now().toISOString();
    const actor = {
      name: this.world.actor,
      email: `${this.world.actor}@users.noreply.github.com`,
      date: now,
    };
    const author = { ...actor, ...commit.author };
    const sha = hosted.git.commitTree({
      tree: commit.tree,
      parents: commit.parents,
      message: commit.message,
      author,
      committer: { ...author, ...commit.committer },
    });
    this.importCommits(hosted, [sha]);
    return hosted.commits.get(sha)!;
  }

  /**
   * Merges an open pull request as GitHub does: a merge commit (a real
   * three-way merge), a squash commit, or a fast-forward rebase, as `as`
   * (the integration's actor by default). Throws `MergeRefusedError` on
   * conflicts, when `sha` is not the head, and while the base branch's
   * protection or rulesets are not met (reviews, status checks), as
   * GitHub's 405 does.
   */
  override mergePull(
    owner: string,
    name: string,
    number: number,
    options: {
      method?: MergeMethod;
      title?: string;
      message?: string;
      sha?: string;
      /** Who merges: a login (the integration's actor by default). */
      as?: string;
    } = {},
  ): CommitRecord {
    const repo = this.requireRepo(owner, name);
    const pull = repo.pulls.find(p => p.number === number);
    if (!pull || pull.state !== 'open') {
      throw new MergeRefusedError('Pull Request is not mergeable', 405);
    }
    const head = repo.refs.get(`heads/${pull.head}`);
    const base = repo.refs.get(`heads/${pull.base}`);
    if (!head || !base) {
      throw new MergeRefusedError('Pull Request is not mergeable', 405);
    }
    if (options.sha && options.sha !== head) {
      throw new MergeRefusedError(
        'Head branch was modified. Review and try the merge again.',
        409,
      );
    }
    const refused = mergeRefusal(
      this.world,
      repo,
      pull,
      options.as ?? this.world.actor,
    );
    if (refused) throw new MergeRefusedError(refused, 405);
    const method = options.method ?? 'merge';
    let merged: CommitRecord;
    if (method === 'rebase') {
      if (!repo.git.isAncestor(base, head)) {
        throw new MergeRefusedError(
          'This branch can only be rebased by the stand-in when it is up to date with its base.',
          405,
        );
      }
      merged = repo.commits.get(head)!;
    } else {
      const { tree, conflicts } = repo.git.mergeTree(base, head);
      if (!tree) {
        throw new MergeRefusedError(
          `Merge conflict in ${conflicts.join(', ')}`,
          405,
        );
      }
      const title =
        options.title ??
        (method === 'squash'
          ? `${pull.title} (#${number})`
          : `Merge pull request #${number} from ${repo.owner}/${pull.head}`);
      const body = options.message ?? (method === 'merge' ? pull.title : '');
      merged = this.writeCommit(repo, {
        tree,
        parents: method === 'squash' ? [base] : [base, head],
        message: body ? `${title}\n\n${body}` : title,
      });
    }
    repo.refs.set(`heads/${pull.base}`, merged.sha);
    const now = this.world.now().toISOString();
    Object.assign(pull, {
      state: 'closed',
      closedAt: now,
      mergedAt: now,
      updatedAt: now,
      mergeCommitSha: merged.sha,
    });
    repo.pushedAt = now;
    return merged;
  }

  /**
   * Merges every open pull request whose auto-merge is on and whose
   * requirements are now met, as GitHub does when the last review or check
   * arrives. Called after reviews, statuses, check runs and pushes.
   */
  autoMerge(repo: HostedRepoRecord) {
    for (const pull of repo.pulls) {
      if (pull.state !== 'open' || !pull.autoMerge) continue;
      const { enabledBy, method, commitTitle, commitMessage } = pull.autoMerge;
      try {
        this.mergePull(repo.owner, repo.name, pull.number, {
          as: enabledBy,
          method,
          title: commitTitle,
          message: commitMessage,
        });
      } catch (error) {
        // Still blocked (or conflicting): it stays queued, as on GitHub.
        if (!(error instanceof MergeRefusedError)) throw error;
      }
    }
  }

  /**
   * Reads what Git holds into the view: every ref, and the commits, trees
   * and blobs they reach that the view lacks. Called after every push.
   */
  sync(repo: HostedRepoRecord) {
    const refs = repo.git.refs();
    (repo.refs as GitRefs).load(refs);
    this.importCommits(
      repo,
      repo.git.reachableCommits().filter(sha => !repo.commits.has(sha)),
    );
    const heads = [...refs.keys()].filter(r => r.startsWith('refs/heads/'));
    if (!refs.has(`refs/heads/${repo.defaultBranch}`) && heads.length === 1) {
      // GitHub makes the first branch pushed to an empty repository its default.
      repo.defaultBranch = heads[0].slice('refs/heads/'.length);
      repo.git.setHead(repo.defaultBranch);
    }
    repo.pushedAt = this.world.now().toISOString();
    this.autoMerge(repo);
  }

  private importCommits(repo: HostedRepoRecord, shas: string[]) {
    for (const commit of repo.git.readCommits(shas)) {
      this.importTree(repo, commit.tree);
      repo.commits.set(commit.sha, commit);
    }
  }

  private importTree(repo: HostedRepoRecord, sha: string) {
    if (repo.trees.has(sha)) return;
    const entries = repo.git
      .listTree(sha, { recursive: true })
      .filter(e => e.type === 'blob');
    const missing = entries.map(e => e.sha).filter(s => !repo.blobs.has(s));
    for (const [blob, object] of repo.git.readObjects([...new Set(missing)])) {
      repo.blobs.set(blob, object.content.toString('utf8'));
    }
    repo.trees.set(sha, new Map(entries.map(e => [e.path, e.sha])));
    repo.modes.set(sha, new Map(entries.map(e => [e.path, e.mode])));
  }
}

/** A branch, tag, `refs/...` name or commit SHA to the commit it names. */
export function resolveRevision(
  repo: GitRepoRecord,
  ref: string,
): string | undefined {
  const short = ref.replace(/^refs\//, '');
  const sha =
    repo.refs.get(`heads/${ref}`) ??
    repo.refs.get(`tags/${ref}`) ??
    repo.refs.get(short) ??
    (/^[0-9a-f]{40}$/.test(ref) ? ref : undefined);
  return sha && repo.commits.has(sha) ? sha : undefined;
}
