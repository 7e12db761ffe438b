import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Contract, ContractOperation } from './Contract';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StandInRequest {
  operationId: string;
  method: string;
  path: string;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body?: unknown;
}

export interface StandInResponse {
  status: number;
  body?: unknown;
  /**
   * A body sent as it is instead of `body` as JSON, for media types other
   * than JSON (e.g. GitHub's `application/vnd.github.raw`). Only its status
   * is held against the contract, which describes JSON bodies only.
   */
  raw?: Buffer | string;
  headers?: Record<string, string>;
}

export type StandInHandler = (
  request: StandInRequest,
) => StandInResponse | Promise<StandInResponse>;

/** A request as the stand-in received it, for tests to assert on. */
export interface RecordedCall {
  operationId: string;
  method: string;
  path: string;
  query: Record<string, string[]>;
  headers: http.IncomingHttpHeaders;
  body?: unknown;
  status: number;
}

/** A scripted fault: the next `times` calls of an operation answer this instead. */
export interface Fault {
  operationId: string | '*';
  status?: number;
  body?: unknown;
  /** Delay before answering (or before the real answer when no status). */
  delayMs?: number;
  /** Destroy the socket instead of answering: a network error. */
  dropConnection?: boolean;
  times?: number;
}

export interface ContractServerOptions {
  contract: Contract;
  handlers: Record<string, StandInHandler>;
  /** Checks bearer tokens etc.; return a response to refuse the call. */
  authenticate?: (request: StandInRequest) => StandInResponse | undefined;
  /** Extra checks (e.g. CRD schemas); return problems as sentences. */
  checkRequest?: (request: StandInRequest) => string[];
  /** Body of an error response in the contract's own shape. */
  errorBody?: (status: number, message: string) => unknown;
  /**
   * Endpoints the real service answers but its contract does not describe
   * (e.g. GitHub's `POST /graphql`), keyed by `METHOD /path`. They are
   * authenticated, recorded (with the key as `operationId`) and open to
   * faults like operations, but not checked against the contract: such a
   * handler checks what it can itself and pushes problems to `violations`.
   * A key ending in `/*` matches every path under it, and is the
   * `operationId` of what it matches.
   */
  outsideContract?: Record<string, StandInHandler>;
  /**
   * Path prefixes the API is served under as well as at the root, e.g.
   * GitHub Enterprise Server's `/api/v3`: `/api/v3/user` is the contract's
   * `/user`. Outside-contract endpoints are matched on the full path.
   */
  basePaths?: string[];
}

/**
 * An HTTP server that answers only operations of its contract, checks every
 * request (path, method, query, body) and every response it sends against
 * the contract, and records both, so a test can assert that nothing the
 * project sent would have been refused by the real service.
 */
export class ContractServer {
  readonly calls: RecordedCall[] = [];
  /** Contract violations, by the client (requests) or the stand-in (responses). */
  readonly violations: string[] = [];
  private readonly faults: Fault[] = [];
  private server?: http.Server;
  private baseUrl?: string;

  constructor(private readonly options: ContractServerOptions) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('The stand-in server is not started');
    return this.baseUrl;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch(error => {
        this.violations.push(`stand-in crashed: ${error?.stack ?? error}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
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

  /** Scripts a fault for the next matching calls. */
  inject(fault: Fault) {
    this.faults.push({ times: 1, ...fault });
  }

  /** Calls of one operation, in order. */
  callsTo(operationId: string): RecordedCall[] {
    return this.calls.filter(c => c.operationId === operationId);
  }

  /** Throws, listing them, when any request or response broke the contract. */
  assertNoViolations() {
    if (this.violations.length > 0) {
      throw new Error(
        `${
          this.options.contract.title
        } contract violations:\n- ${this.violations.join('\n- ')}`,
      );
    }
  }

  /** `METHOD /path`, or the `METHOD /prefix/*` key that covers it. */
  private outsideKeyOf(method: string, pathname: string): string {
    const exact = `${method} ${pathname}`;
    const outside = this.options.outsideContract ?? {};
    if (exact in outside) return exact;
    const prefix = Object.keys(outside).find(
      k => k.endsWith('/*') && exact.startsWith(k.slice(0, -1)),
    );
    return prefix ?? exact;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = await readBody(req);
    const method = req.method ?? 'GET';
    const outsideKey = this.outsideKeyOf(method, url.pathname);
    const outside = this.options.outsideContract?.[outsideKey];
    const apiPath = this.apiPath(url.pathname);
    const matched = outside
      ? undefined
      : this.options.contract.match(method, apiPath);
    const operationId = matched?.operation.operationId ?? outsideKey;
    if (!matched && !outside) {
      const message = `${method} ${url.pathname} is not an operation of the ${this.options.contract.title} API`;
      this.violations.push(message);
      return this.send(res, undefined, {
        status: 404,
        body: this.errorBody(404, message),
      });
    }
    let body: unknown;
    if (raw.length > 0 && outside && isFormEncoded(req)) {
      // Web endpoints beside an API (OAuth's token endpoint) take HTML form posts.
      body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        this.violations.push(`${operationId}: request body is not JSON`);
        return this.send(res, undefined, {
          status: 400,
          body: this.errorBody(400, 'request body is not JSON'),
        });
      }
    }
    const request: StandInRequest = {
      operationId,
      method,
      path: url.pathname,
      pathParams: matched?.pathParams ?? {},
      query: url.searchParams,
      headers: req.headers,
      body,
    };
    const record = (status: number) =>
      this.calls.push({
        operationId: request.operationId,
        method,
        path: url.pathname,
        query: Object.fromEntries(
          [...new Set(url.searchParams.keys())].map(k => [
            k,
            url.searchParams.getAll(k),
          ]),
        ),
        headers: req.headers,
        body,
        status,
      });

    const fault = this.takeFault(request.operationId);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.dropConnection) {
      record(0);
      req.socket.destroy();
      return undefined;
    }
    if (fault?.status) {
      record(fault.status);
      return this.send(res, matched?.operation, {
        status: fault.status,
        body:
          fault.body ??
          this.errorBody(fault.status, `injected ${fault.status}`),
      });
    }

    const refused = this.options.authenticate?.(request);
    if (refused) {
      record(refused.status);
      return this.send(res, matched?.operation, refused);
    }
    const problems = matched
      ? [
          ...this.options.contract.checkRequest(matched, {
            method,
            pathname: apiPath,
            query: url.searchParams,
            body,
          }),
          ...(this.options.checkRequest?.(request) ?? []),
        ]
      : [];
    if (problems.length > 0) {
      this.violations.push(...problems);
      record(400);
      return this.send(res, matched?.operation, {
        status: 400,
        body: this.errorBody(400, problems.join('; ')),
      });
    }
    const handler = outside ?? this.options.handlers[request.operationId];
    if (!handler) {
      const message = `${request.operationId} is in the contract but not implemented by this stand-in`;
      this.violations.push(message);
      record(501);
      return this.send(res, undefined, {
        status: 501,
        body: this.errorBody(501, message),
      });
    }
    const response = await handler(request);
    record(response.status);
    return this.send(res, matched?.operation, response);
  }

  private send(
    res: http.ServerResponse,
    operation: ContractOperation | undefined,
    response: StandInResponse,
  ) {
    if (operation && response.status < 500) {
      this.violations.push(
        ...this.options.contract.checkResponse(
          operation,
          response.status,
          response.raw === undefined ? response.body : undefined,
        ),
      );
    }
    if (response.raw !== undefined) {
      res.writeHead(response.status, {
        'content-type': 'application/octet-stream',
        ...response.headers,
      });
      res.end(response.raw);
      return;
    }
    const payload =
      response.body === undefined ? '' : JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...(payload && { 'content-type': 'application/json' }),
      ...response.headers,
    });
    res.end(payload);
  }

  /** The path within the contract: `basePaths` prefixes taken off. */
  private apiPath(pathname: string): string {
    for (const base of this.options.basePaths ?? []) {
      if (pathname.startsWith(`${base}/`)) return pathname.slice(base.length);
    }
    return pathname;
  }

  private errorBody(status: number, message: string) {
    return this.options.errorBody?.(status, message) ?? { message };
  }

  private takeFault(operationId: string): Fault | undefined {
    const index = this.faults.findIndex(
      f => f.operationId === '*' || f.operationId === operationId,
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

function isFormEncoded(req: http.IncomingMessage): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(
    req.headers['content-type'] ?? '',
  );
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
