/**
 * A bare Git repository on disk, driven through the machine's own `git`
 * plumbing. The GitHub stand-in's hosted repositories keep everything here:
 * what `git push` sends and what the REST API writes land in the same object
 * store, so SHAs, trees and history are Git's own.
 *
 * Calls are synchronous (`execFileSync`): the REST handlers built on the
 * in-memory view in `repos.ts` are synchronous, and each call is a few
 * milliseconds on a test repository.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ZERO_SHA = '0000000000000000000000000000000000000000';

interface GitIdentity {
  name: string;
  email: string;
  /** ISO 8601. */
  date: string;
}

interface GitCommitObject {
  sha: string;
  tree: string;
  parents: string[];
  author: GitIdentity;
  committer: GitIdentity;
  message: string;
}

export interface GitTreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  path: string;
  /** Blobs only. */
  size?: number;
}

/** A change to a tree: a blob (or submodule) at a path, or null to delete it. */
export interface GitTreeChange {
  path: string;
  mode?: string;
  sha: string | null;
}

/**
 * The environment every `git` runs in: no system or user configuration and
 * no repository inherited from the test's own environment, never a prompt.
 */
export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

class GitError extends Error {
  constructor(readonly args: string[], readonly stderr: string) {
    super(`git ${args.join(' ')} failed: ${stderr.trim()}`);
  }
}

export class BareRepository {
  constructor(readonly dir: string) {}

  /** A new, empty bare repository whose HEAD names `defaultBranch`. */
  static init(dir: string, defaultBranch: string): BareRepository {
    fs.mkdirSync(dir, { recursive: true });
    const repo = new BareRepository(dir);
    repo.run([
      'init',
      '--quiet',
      '--bare',
      `--initial-branch=${defaultBranch}`,
    ]);
    // The Git server checks credentials itself, so http-backend may take
    // pushes; and no automatic gc repacks the store in the middle of a test.
    repo.run(['config', 'http.receivepack', 'true']);
    repo.run(['config', 'gc.auto', '0']);
    return repo;
  }

  run(
    args: string[],
    options: { input?: string | Buffer; env?: Record<string, string> } = {},
  ): Buffer {
    try {
      return execFileSync('git', args, {
        cwd: this.dir,
        env: gitEnv({ GIT_DIR: this.dir, ...options.env }),
        input: options.input,
        stdio: ['pipe', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error: any) {
      throw new GitError(args, String(error.stderr ?? error.message));
    }
  }

  private text(args: string[], input?: string | Buffer): string {
    return this.run(args, { input }).toString('utf8').trim();
  }

  writeBlob(content: Buffer | string): string {
    return this.text(['hash-object', '-w', '--stdin'], content);
  }

  /** Objects by SHA (`cat-file --batch`); missing ones are left out. */
  readObjects(shas: string[]): Map<string, { type: string; content: Buffer }> {
    const out = new Map<string, { type: string; content: Buffer }>();
    if (shas.length === 0) return out;
    const buffer = this.run(['cat-file', '--batch'], {
      input: `${shas.join('\n')}\n`,
    });
    let at = 0;
    while (at < buffer.length) {
      const eol = buffer.indexOf(0x0a, at);
      const header = buffer.subarray(at, eol).toString('utf8').split(' ');
      at = eol + 1;
      if (header[1] === 'missing') continue;
      const [sha, type, size] = header;
      const content = buffer.subarray(at, at + Number(size));
      out.set(sha, { type, content: Buffer.from(content) });
      at += Number(size) + 1;
    }
    return out;
  }

  readBlob(sha: string): Buffer | undefined {
    const object = this.readObjects([sha]).get(sha);
    return object?.type === 'blob' ? object.content : undefined;
  }

  /** The SHA a revision (`main`, `refs/heads/x`, `<sha>`, `main:path`) names, or undefined. */
  resolve(revision: string): string | undefined {
    try {
      return this.text([
        'rev-parse',
        '--verify',
        '--quiet',
        '--end-of-options',
        revision,
      ]);
    } catch {
      return undefined;
    }
  }

  objectType(sha: string): string | undefined {
    try {
      return this.text(['cat-file', '-t', sha]);
    } catch {
      return undefined;
    }
  }

  /** A tree's entries: recursive lists blobs (and submodules) with full paths. */
  listTree(
    tree: string,
    options: { recursive?: boolean } = {},
  ): GitTreeEntry[] {
    const args = ['ls-tree', '-z', '-l', '--full-tree'];
    if (options.recursive) args.push('-r');
    const out = this.run([...args, tree]).toString('utf8');
    return out
      .split('\0')
      .filter(Boolean)
      .map(line => {
        const tab = line.indexOf('\t');
        const [mode, type, sha, size] = line.slice(0, tab).split(/\s+/);
        return {
          mode,
          type: type as GitTreeEntry['type'],
          sha,
          path: line.slice(tab + 1),
          ...(type === 'blob' && { size: Number(size) }),
        };
      });
  }

  /** A new tree: `base` (or nothing) with `changes` applied, through a scratch index. */
  buildTree(base: string | undefined, changes: GitTreeChange[]): string {
    const index = path.join(
      os.tmpdir(),
      `gw-index-${process.pid}-${Math.random().toString(36).slice(2)}`,
    );
    const env = { GIT_INDEX_FILE: index };
    try {
      this.run(base ? ['read-tree', base] : ['read-tree', '--empty'], { env });
      if (changes.length > 0) {
        const lines = changes.map(c =>
          c.sha === null
            ? `0 ${ZERO_SHA}\t${c.path}`
            : `${c.mode ?? '100644'} ${c.sha}\t${c.path}`,
        );
        this.run(['update-index', '--index-info'], {
          env,
          input: `${lines.join('\n')}\n`,
        });
      }
      return this.run(['write-tree'], { env }).toString('utf8').trim();
    } finally {
      fs.rmSync(index, { force: true });
    }
  }

  commitTree(commit: {
    tree: string;
    parents: string[];
    message: string;
    author: GitIdentity;
    committer?: GitIdentity;
  }): string {
    const committer = commit.committer ?? commit.author;
    const when = (date: string) =>
      `@${Math.floor(new Date(date).getTime() / 1000)} +0000`;
    return this.run(
      ['commit-tree', commit.tree, ...commit.parents.flatMap(p => ['-p', p])],
      {
        input: commit.message,
        env: {
          GIT_AUTHOR_NAME: commit.author.name,
          GIT_AUTHOR_EMAIL: commit.author.email,
          GIT_AUTHOR_DATE: when(commit.author.date),
          GIT_COMMITTER_NAME: committer.name,
          GIT_COMMITTER_EMAIL: committer.email,
          GIT_COMMITTER_DATE: when(committer.date),
        },
      },
    )
      .toString('utf8')
      .trim();
  }

  /** Reads commits; those that are not commits are left out. */
  readCommits(shas: string[]): GitCommitObject[] {
    return [...this.readObjects(shas)]
      .filter(([, o]) => o.type === 'commit')
      .map(([sha, o]) => parseCommit(sha, o.content.toString('utf8')));
  }

  /** `refs/heads/main` style names to SHAs. */
  refs(): Map<string, string> {
    const out = this.text([
      'for-each-ref',
      '--format=%(objectname) %(refname)',
    ]);
    return new Map(
      out
        .split('\n')
        .filter(Boolean)
        .map(line => {
          const [sha, ref] = line.split(' ');
          return [ref, sha] as [string, string];
        }),
    );
  }

  /** Moves a ref; with `expected`, only if it still points there. */
  updateRef(ref: string, sha: string, expected?: string) {
    this.run(['update-ref', ref, sha, ...(expected ? [expected] : [])]);
  }

  deleteRef(ref: string) {
    this.run(['update-ref', '-d', ref]);
  }

  setHead(branch: string) {
    this.run(['symbolic-ref', 'HEAD', `refs/heads/${branch}`]);
  }

  /** Every commit reachable from any ref. */
  reachableCommits(): string[] {
    const out = this.text(['rev-list', '--all']);
    return out ? out.split('\n') : [];
  }

  isAncestor(ancestor: string, of: string): boolean {
    try {
      this.run(['merge-base', '--is-ancestor', ancestor, of]);
      return true;
    } catch {
      return false;
    }
  }

  /** A three-way merge of two commits without a work tree. */
  mergeTree(
    ours: string,
    theirs: string,
  ): { tree?: string; conflicts: string[] } {
    const result = spawnSync(
      'git',
      [
        'merge-tree',
        '--write-tree',
        '--name-only',
        '--no-messages',
        ours,
        theirs,
      ],
      { cwd: this.dir, env: gitEnv({ GIT_DIR: this.dir }) },
    );
    const lines = result.stdout.toString('utf8').split('\n').filter(Boolean);
    // Status 0: clean, the tree's SHA; 1: conflicts, the paths follow it.
    if (result.status === 0) return { tree: lines[0], conflicts: [] };
    if (result.status === 1) return { conflicts: lines.slice(1) };
    throw new GitError(['merge-tree', ours, theirs], result.stderr.toString());
  }

  /** `git archive` of a commit as a gzipped tarball, entries under `prefix/`. */
  archive(sha: string, prefix: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        'git',
        ['archive', '--format=tar.gz', `--prefix=${prefix}/`, sha],
        { cwd: this.dir, env: gitEnv({ GIT_DIR: this.dir }) },
      );
      const chunks: Buffer[] = [];
      const errors: Buffer[] = [];
      child.stdout.on('data', c => chunks.push(c));
      child.stderr.on('data', c => errors.push(c));
      child.on('error', reject);
      child.on('close', code =>
        code === 0
          ? resolve(Buffer.concat(chunks))
          : reject(
              new GitError(['archive', sha], Buffer.concat(errors).toString()),
            ),
      );
    });
  }
}

function parseIdentity(line: string): GitIdentity {
  const m = /^(.*) <([^>]*)> (\d+) ([+-]\d{4})$/.exec(line);
  if (!m) return { name: line, email: '', date: new Date(0).toISOString() };
  return {
    name: m[1],
    email: m[2],
    date: new Date(Number(m[3]) * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

function parseCommit(sha: string, text: string): GitCommitObject {
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  const message = split < 0 ? '' : text.slice(split + 2);
  const commit: GitCommitObject = {
    sha,
    tree: '',
    parents: [],
    author: parseIdentity(''),
    committer: parseIdentity(''),
    // GitHub answers messages without the newline `git commit` ends them with.
    message: message.replace(/\n$/, ''),
  };
  for (const header of headers) {
    const space = header.indexOf(' ');
    const key = header.slice(0, space);
    const value = header.slice(space + 1);
    if (key === 'tree') commit.tree = value;
    else if (key === 'parent') commit.parents.push(value);
    else if (key === 'author') commit.author = parseIdentity(value);
    else if (key === 'committer') commit.committer = parseIdentity(value);
  }
  return commit;
}
