/**
 * The "github.com" side of the GitHub stand-in: Git smart HTTP (served by
 * the machine's own `git http-backend`, as CGI) over the hosted bare
 * repositories, raw file URLs as `raw.githubusercontent.com` serves them,
 * and the tarballs the API's archive links redirect to (codeload).
 *
 *   GET  /{owner}/{repo}.git/info/refs?service=git-upload-pack|git-receive-pack
 *   POST /{owner}/{repo}.git/git-upload-pack | git-receive-pack
 *   GET  /raw/{owner}/{repo}/{ref}/{path}
 *   GET  /codeload/{owner}/{repo}/legacy.tar.gz/{sha}?token=...
 *
 * None of this is part of api.github.com's OpenAPI description, so it has
 * a server of its own and is never held against it. Credentials are
 * checked as GitHub does: HTTP Basic with the token as password (any user
 * name, `x-access-token` for app tokens), or `Authorization: token X` for
 * raw files; anonymous clones of public repositories only.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gitEnv } from './git';
import fs from 'node:fs';
import path from 'node:path';
import { HostedRepoRecord, HostedRepos, resolveRevision } from './hostedRepos';
import type { RefUpdate } from './protection';

export type GitService = 'git-upload-pack' | 'git-receive-pack';

/** A request to the Git server, as a test can assert on it. */
export interface GitHttpCall {
  kind: 'advertise' | 'upload-pack' | 'receive-pack' | 'raw' | 'archive';
  method: string;
  path: string;
  owner?: string;
  repo?: string;
  /** The user name given with the credentials, when they were accepted. */
  user?: string;
  status: number;
}

/** GitHub's verdict on one ref update: `remote:` lines, and the `ng` reason if refused. */
export interface GitPushVerdict {
  lines: string[];
  /** Set when the update is refused. */
  reason?: string;
}

interface GitHttpServerOptions {
  repos: HostedRepos;
  /** Accepted tokens, read on every request; undefined accepts every caller. */
  tokens: () => Set<string> | undefined;
  /** Where requests GitHub would not understand are reported. */
  violations: string[];
  /** People's tokens (`state.userToken`), accepted beside `tokens`. */
  isUserToken?: (token: string) => boolean;
  /** Who a push with this token acts as. */
  actorOf?: (token: string | undefined) => string;
  /**
   * Whether GitHub would refuse one ref update of a push (branch
   * protection, rulesets); asked by the repository's `update` hook.
   */
  refuse?: (
    repo: HostedRepoRecord,
    actor: string,
    update: RefUpdate,
  ) => GitPushVerdict | undefined;
}

/**
 * The `update` hook every hosted repository runs on a push: once per ref,
 * with the pushed objects in quarantine, it works out whether the update is
 * a fast-forward and asks the stand-in whether GitHub would take it.
 * Declining one ref leaves the push's other refs alone, as on GitHub.
 */
const UPDATE_HOOK_SCRIPT = `
const { execFileSync } = require('node:child_process');
const http = require('node:http');
const [ref, oldSha, newSha] = process.argv.slice(2);
const zero = /^0+$/;
let fastForward = true;
if (!zero.test(oldSha) && !zero.test(newSha)) {
  try {
    execFileSync('git', ['merge-base', '--is-ancestor', oldSha, newSha], { stdio: 'ignore' });
  } catch {
    fastForward = false;
  }
}
const body = JSON.stringify({ ref, old: oldSha, new: newSha, fastForward });
const request = http.request(process.env.GW_STAND_IN_POLICY, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
}, response => {
  let out = '';
  response.on('data', d => { out += d; });
  response.on('end', () => {
    const { lines = [], refused } = JSON.parse(out || '{}');
    for (const line of lines) process.stderr.write(line + '\\n');
    process.exit(refused ? 1 : 0);
  });
});
request.on('error', e => {
  process.stderr.write('error: the stand-in could not be asked: ' + e.message + '\\n');
  process.exit(1);
});
request.end(body);
`;

/** One push in flight: who pushes where, and the refs refused so far. */
interface PushContext {
  repo: HostedRepoRecord;
  actor: string;
  reasons: Map<string, string>;
}

const GIT_PATH =
  /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack)$/;

interface Credentials {
  user?: string;
  token?: string;
}

function credentialsOf(req: http.IncomingMessage): Credentials {
  const header = String(req.headers.authorization ?? '');
  const basic = /^basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    // GitHub takes a token as password, or as user name with no password.
    return { user, token: password || user };
  }
  const token = /^(?:token|bearer)\s+(.+)$/i.exec(header)?.[1];
  return token ? { token } : {};
}

export class GitHttpServer {
  readonly calls: GitHttpCall[] = [];
  private server?: http.Server;
  private baseUrl?: string;
  /** One-time archive links handed out by the API's tarball redirects. */
  private readonly archiveGrants = new Map<string, string>();
  /** Pushes in flight, by the secret their `update` hook calls back with. */
  private readonly pushes = new Map<string, PushContext>();
  private hookScript?: string;

  constructor(private readonly options: GitHttpServerOptions) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('The Git server is not started');
    return this.baseUrl;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(error => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error?.stack ?? error));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    const { port: actual } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${actual}`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** A link to a tarball of `sha` that works once, as codeload's do. */
  archiveUrl(repo: HostedRepoRecord, sha: string): string {
    const token = randomBytes(12).toString('hex');
    this.archiveGrants.set(
      token,
      `${repo.owner}/${repo.name}/${sha}`.toLowerCase(),
    );
    return `${this.url}/codeload/${repo.owner}/${repo.name}/legacy.tar.gz/${sha}?token=${token}`;
  }

  private accepted(credentials: Credentials): boolean {
    const tokens = this.options.tokens();
    if (!tokens) return true;
    const token = credentials.token;
    return Boolean(
      token && (tokens.has(token) || this.options.isUserToken?.(token)),
    );
  }

  /** Writes the hook script once and the repository's `update` hook. */
  private installHook(repo: HostedRepoRecord) {
    if (!this.hookScript) {
      const dir = path.join(this.options.repos.root, '.stand-in-hooks');
      fs.mkdirSync(dir, { recursive: true });
      this.hookScript = path.join(dir, 'update.js');
      fs.writeFileSync(this.hookScript, UPDATE_HOOK_SCRIPT);
    }
    const hook = path.join(repo.git.dir, 'hooks', 'update');
    if (!fs.existsSync(hook)) {
      fs.mkdirSync(path.dirname(hook), { recursive: true });
      fs.writeFileSync(
        hook,
        '#!/bin/sh\nexec "$GW_STAND_IN_NODE" "$GW_STAND_IN_HOOK" "$@"\n',
        { mode: 0o755 },
      );
    }
  }

  /** The `update` hook's question: may this ref move? */
  private async policy(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    id: string,
  ) {
    const push = this.pushes.get(id);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!push) {
      res.writeHead(404);
      return res.end();
    }
    const update = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const verdict = this.options.refuse?.(push.repo, push.actor, update);
    if (verdict?.reason) push.reasons.set(update.ref, verdict.reason);
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(
      JSON.stringify({
        lines: verdict?.lines ?? [],
        refused: Boolean(verdict?.reason),
      }),
    );
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const record = (call: Omit<GitHttpCall, 'method' | 'path'>) =>
      this.calls.push({ method, path: url.pathname, ...call });

    const hookCall = /^\/_stand-in\/update\/([0-9a-f]+)$/.exec(url.pathname);
    if (hookCall && method === 'POST') {
      return this.policy(req, res, hookCall[1]);
    }
    if (url.pathname.startsWith('/raw/'))
      return this.raw(req, res, url, record);
    if (url.pathname.startsWith('/codeload/')) {
      return this.archive(res, url, record);
    }

    const m = GIT_PATH.exec(url.pathname);
    const service = (
      m?.[3] === 'info/refs' ? url.searchParams.get('service') : m?.[3]
    ) as GitService | null;
    const kinds = {
      'git-receive-pack': 'receive-pack',
      'git-upload-pack': 'upload-pack',
    } as const;
    const kind =
      m?.[3] === 'info/refs'
        ? 'advertise'
        : kinds[service ?? 'git-upload-pack'] ?? 'upload-pack';
    if (
      !m ||
      (service !== 'git-upload-pack' && service !== 'git-receive-pack') ||
      (m[3] === 'info/refs' ? method !== 'GET' : method !== 'POST')
    ) {
      // GitHub serves smart HTTP only, never the dumb protocol.
      this.options.violations.push(
        `Git server: ${method} ${url.pathname}${url.search} is not a Git smart HTTP request GitHub serves`,
      );
      record({ kind, status: 404 });
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('Not Found\n');
    }
    const [, owner, name] = m;
    const repo = this.options.repos.repo(owner, name);
    const credentials = credentialsOf(req);
    const accepted = this.accepted(credentials);
    const anonymousRead =
      service === 'git-upload-pack' && repo?.visibility === 'public';
    if (!accepted && !(anonymousRead && !credentials.token)) {
      record({ kind, owner, repo: name, status: 401 });
      res.writeHead(401, {
        'content-type': 'text/plain',
        'www-authenticate': 'Basic realm="GitHub"',
      });
      return res.end(
        credentials.token
          ? 'Invalid username or token. Password authentication is not supported for Git operations.\n'
          : 'Authentication required\n',
      );
    }
    if (!repo) {
      record({ kind, owner, repo: name, user: credentials.user, status: 404 });
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('Repository not found.\n');
    }
    const status = await this.cgi(req, res, repo, m[3], service, credentials);
    record({ kind, owner, repo: name, user: credentials.user, status });
    return undefined;
  }

  /** Runs `git http-backend` for one request, streaming both ways. */
  private cgi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    repo: HostedRepoRecord,
    endpoint: string,
    service: GitService,
    credentials: Credentials,
  ): Promise<number> {
    const relative = repo.git.dir.slice(this.options.repos.root.length);
    const query = new URL(req.url ?? '/', 'http://stand-in').search.slice(1);
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const env = gitEnv({
      GIT_PROJECT_ROOT: this.options.repos.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `${relative}/${endpoint}`,
      REQUEST_METHOD: req.method ?? 'GET',
      QUERY_STRING: query,
      CONTENT_TYPE: header('content-type') ?? '',
      REMOTE_USER: credentials.user ?? '',
      REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
      ...(header('content-length') && {
        CONTENT_LENGTH: header('content-length')!,
      }),
      ...(header('content-encoding') && {
        HTTP_CONTENT_ENCODING: header('content-encoding')!,
      }),
      ...(header('git-protocol') && {
        HTTP_GIT_PROTOCOL: header('git-protocol')!,
      }),
    });
    // A push is answered only once the view shows it, so that what the
    // pusher does next through the API sees the new commits.
    const pushing = service === 'git-receive-pack' && endpoint !== 'info/refs';
    const pushId = randomBytes(16).toString('hex');
    const push: PushContext = {
      repo,
      actor:
        this.options.actorOf?.(credentials.token) ?? credentials.user ?? '',
      reasons: new Map(),
    };
    if (pushing) {
      this.installHook(repo);
      this.pushes.set(pushId, push);
      Object.assign(env, {
        GW_STAND_IN_NODE: process.execPath,
        GW_STAND_IN_HOOK: this.hookScript!,
        GW_STAND_IN_POLICY: `${this.url}/_stand-in/update/${pushId}`,
      });
    }
    return new Promise((resolve, reject) => {
      const child = spawn('git', ['http-backend'], { env });
      let pending: Buffer | undefined = Buffer.alloc(0);
      let status = 200;
      const stderr: Buffer[] = [];
      const flush = () => {
        const parsed = parseCgiHead(pending!);
        if (!parsed) return false;
        status = parsed.status;
        res.writeHead(parsed.status, parsed.headers);
        res.write(parsed.body);
        pending = undefined;
        return true;
      };
      child.stderr.on('data', c => stderr.push(c));
      child.stdin.on('error', () => undefined);
      req.pipe(child.stdin);
      child.stdout.on('data', (chunk: Buffer) => {
        if (!pending) {
          res.write(chunk);
          return;
        }
        pending = Buffer.concat([pending, chunk]);
        if (!pushing) flush();
      });
      child.on('error', reject);
      child.on('close', code => {
        this.pushes.delete(pushId);
        try {
          if (pushing && code === 0) this.options.repos.sync(repo);
          if (pushing && pending && push.reasons.size > 0) {
            pending = withRefusalReasons(pending, push.reasons);
          }
        } catch (error) {
          reject(error);
          return;
        }
        if (pending && !flush()) {
          status = 500;
          res.writeHead(status, { 'content-type': 'text/plain' });
          res.write(Buffer.concat(stderr));
        }
        res.end();
        resolve(status);
      });
    });
  }

  private raw(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    record: (call: Omit<GitHttpCall, 'method' | 'path'>) => void,
  ) {
    const [owner, name, ...rest] = url.pathname
      .slice('/raw/'.length)
      .split('/')
      .map(decodeURIComponent);
    const repo =
      owner && name ? this.options.repos.repo(owner, name) : undefined;
    const credentials = credentialsOf(req);
    const visible =
      repo &&
      (repo.visibility === 'public' ||
        (credentials.token !== undefined && this.accepted(credentials)) ||
        !this.options.tokens());
    // The ref may hold slashes: the longest one that names a commit wins.
    for (let i = rest.length - 1; visible && i >= 1; i--) {
      const sha = resolveRevision(repo!, rest.slice(0, i).join('/'));
      if (!sha) continue;
      const bytes = this.options.repos.bytes(
        repo!.owner,
        repo!.name,
        sha,
        rest.slice(i).join('/'),
      );
      if (!bytes) break;
      record({ kind: 'raw', owner, repo: name, status: 200 });
      res.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(bytes.length),
      });
      return res.end(bytes);
    }
    // raw.githubusercontent.com answers 404 for private files without a token.
    record({ kind: 'raw', owner, repo: name, status: 404 });
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('404: Not Found');
  }

  private async archive(
    res: http.ServerResponse,
    url: URL,
    record: (call: Omit<GitHttpCall, 'method' | 'path'>) => void,
  ) {
    const [owner, name, format, sha] = url.pathname
      .slice('/codeload/'.length)
      .split('/');
    const token = url.searchParams.get('token') ?? '';
    const grant = this.archiveGrants.get(token);
    const repo = this.options.repos.repo(owner, name);
    if (
      !repo ||
      format !== 'legacy.tar.gz' ||
      grant !== `${owner}/${name}/${sha}`.toLowerCase()
    ) {
      record({ kind: 'archive', owner, repo: name, status: 404 });
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('404: Not Found');
    }
    this.archiveGrants.delete(token);
    const tarball = await repo.git.archive(
      sha,
      `${repo.owner}-${repo.name}-${sha.slice(0, 7)}`,
    );
    record({ kind: 'archive', owner, repo: name, status: 200 });
    res.writeHead(200, {
      'content-type': 'application/x-gzip',
      'content-disposition': `attachment; filename=${repo.owner}-${
        repo.name
      }-${sha.slice(0, 7)}.tar.gz`,
    });
    return res.end(tarball);
  }
}

/** The CGI response's header block (`Status:` and headers), once complete. */
function parseCgiHead(
  output: Buffer,
):
  | { status: number; headers: Record<string, string>; body: Buffer }
  | undefined {
  const end = output.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of output.subarray(0, end).toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers, body: output.subarray(end + 4) };
}

/** Splits a pkt-line stream; `null` stands for a flush packet (`0000`). */
function pktLines(data: Buffer): Array<Buffer | null> {
  const out: Array<Buffer | null> = [];
  for (let at = 0; at + 4 <= data.length; ) {
    const length = parseInt(data.subarray(at, at + 4).toString('latin1'), 16);
    if (!length) {
      out.push(null);
      at += 4;
      continue;
    }
    out.push(data.subarray(at + 4, at + length));
    at += length;
  }
  return out;
}

function pktLine(payload: Buffer | null): Buffer {
  if (!payload) return Buffer.from('0000');
  const head = (payload.length + 4).toString(16).padStart(4, '0');
  return Buffer.concat([Buffer.from(head), payload]);
}

/**
 * Puts GitHub's reasons into receive-pack's report: git's own `update`
 * hook refusal reads `ng <ref> hook declined`; GitHub's reads `protected
 * branch hook declined` or `push declined due to repository rule
 * violations`. The report may be wrapped in side-band channel 1.
 */
function withRefusalReasons(
  output: Buffer,
  reasons: Map<string, string>,
): Buffer {
  const end = output.indexOf('\r\n\r\n');
  if (end < 0) return output;
  const head = output
    .subarray(0, end)
    .toString('latin1')
    .split('\r\n')
    .filter(line => !/^content-length:/i.test(line))
    .join('\r\n');
  const body = output.subarray(end + 4);
  const rewrite = (report: Buffer) =>
    Buffer.concat(
      pktLines(report).map(line => {
        const m = line && /^ng (\S+) hook declined\n?$/.exec(line.toString());
        const reason = m && reasons.get(m[1]);
        return pktLine(reason ? Buffer.from(`ng ${m![1]} ${reason}\n`) : line);
      }),
    );
  const packets = pktLines(body);
  const sideBand = packets[0] && [1, 2, 3].includes(packets[0][0]);
  let rewritten: Buffer;
  if (!sideBand) {
    rewritten = rewrite(body);
  } else {
    const report = Buffer.concat(
      packets.filter(p => p && p[0] === 1).map(p => p!.subarray(1)),
    );
    let placed = false;
    rewritten = Buffer.concat(
      packets.flatMap(p => {
        if (!p || p[0] !== 1) return [pktLine(p)];
        if (placed) return [];
        placed = true;
        const fresh = rewrite(report);
        const chunks: Buffer[] = [];
        for (let at = 0; at < fresh.length; at += 65515) {
          chunks.push(
            pktLine(
              Buffer.concat([Buffer.from([1]), fresh.subarray(at, at + 65515)]),
            ),
          );
        }
        return chunks;
      }),
    );
  }
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), rewritten]);
}
