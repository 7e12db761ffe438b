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
import { HostedRepoRecord, HostedRepos, resolveRevision } from './hostedRepos';

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

export interface GitHttpServerOptions {
  repos: HostedRepos;
  /** Accepted tokens, read on every request; undefined accepts every caller. */
  tokens: () => Set<string> | undefined;
  /** Where requests GitHub would not understand are reported. */
  violations: string[];
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
    return Boolean(credentials.token && tokens.has(credentials.token));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const method = req.method ?? 'GET';
    const record = (call: Omit<GitHttpCall, 'method' | 'path'>) =>
      this.calls.push({ method, path: url.pathname, ...call });

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
        try {
          if (pushing && code === 0) this.options.repos.sync(repo);
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
