import Ajv from 'ajv';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  GET_COST_AND_USAGE_REQUEST,
  GROUP_BY_DIMENSIONS,
} from './getCostAndUsageSchema';

/** One line of spend the stand-in bills: a tag value in an account. */
export interface CostLine {
  /** Value of the cost-allocation tag; `''` for untagged spend. */
  tag: string;
  account: string;
  amount: number;
  unit?: string;
}

export interface CostExplorerCall {
  target: string;
  headers: http.IncomingHttpHeaders;
  body: any;
  status: number;
}

export interface CostExplorerFault {
  status: number;
  /** AWS error code, e.g. `AccessDeniedException`. */
  type: string;
  message: string;
  times?: number;
}

export interface CostExplorerStandInOptions {
  /** Access key ids the stand-in accepts in the SigV4 credential scope. */
  accessKeyIds?: string[];
  /** Region the requests must be signed for (Cost Explorer's is us-east-1). */
  region?: string;
  /** Groups per page; a smaller number exercises `NextPageToken`. */
  pageSize?: number;
}

const TARGET_PREFIX = 'AWSInsightsIndexService.';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;

/**
 * A local AWS Cost Explorer endpoint for `GetCostAndUsage`, for the real
 * `@aws-sdk/client-cost-explorer` client pointed at it with `endpoint`.
 * Holds each request to the awsJson1_1 protocol (POST /, X-Amz-Target,
 * content type, SigV4 authorization for service `ce`) and its body to the
 * API Reference's GetCostAndUsageRequest shape and rules; answers with
 * spend grouped as asked, in pages.
 */
export class CostExplorerStandIn {
  readonly calls: CostExplorerCall[] = [];
  readonly violations: string[] = [];
  private lines: CostLine[] = [];
  private readonly faults: CostExplorerFault[] = [];
  private server?: http.Server;
  private baseUrl?: string;
  private readonly validate = new Ajv({
    allErrors: true,
    strict: false,
  }).compile(GET_COST_AND_USAGE_REQUEST);

  constructor(private readonly options: CostExplorerStandInOptions = {}) {}

  get url(): string {
    if (!this.baseUrl) throw new Error('The stand-in server is not started');
    return this.baseUrl;
  }

  /** The spend the next requests report. */
  setCosts(lines: CostLine[]) {
    this.lines = lines;
  }

  /** The next `times` requests fail as AWS would. */
  inject(fault: CostExplorerFault) {
    this.faults.push({ times: 1, ...fault });
  }

  assertNoViolations() {
    if (this.violations.length > 0) {
      throw new Error(
        `Cost Explorer contract violations:\n- ${this.violations.join('\n- ')}`,
      );
    }
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        const { status, body, type } = this.handle(
          req,
          Buffer.concat(chunks).toString('utf8'),
        );
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'x-amzn-requestid': `stand-in-${this.calls.length}`,
          ...(type && { 'x-amzn-errortype': type }),
        });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>(resolve =>
      this.server!.listen(port, '127.0.0.1', resolve),
    );
    const { port: actual } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${actual}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  private error(status: number, type: string, message: string) {
    return { status, type, body: { __type: type, message } };
  }

  private handle(
    req: http.IncomingMessage,
    raw: string,
  ): { status: number; body: unknown; type?: string } {
    const target = String(req.headers['x-amz-target'] ?? '');
    const record = (status: number, body: any) => {
      this.calls.push({ target, headers: req.headers, body, status });
    };
    const problems = this.checkProtocol(req, target);
    let body: any;
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      problems.push('the body is not JSON');
    }
    if (problems.length === 0) problems.push(...this.checkBody(body));
    if (problems.length > 0) {
      this.violations.push(...problems);
      record(400, body);
      return this.error(400, 'ValidationException', problems.join('; '));
    }
    const fault = this.faults[0];
    if (fault) {
      if (--fault.times! <= 0) this.faults.shift();
      record(fault.status, body);
      return this.error(fault.status, fault.type, fault.message);
    }
    record(200, body);
    return { status: 200, body: this.answer(body) };
  }

  private checkProtocol(req: http.IncomingMessage, target: string) {
    const problems: string[] = [];
    if (req.method !== 'POST' || req.url !== '/') {
      problems.push(
        `awsJson1_1 requests are POST /, got ${req.method} ${req.url}`,
      );
    }
    if (target !== `${TARGET_PREFIX}GetCostAndUsage`) {
      problems.push(
        `X-Amz-Target must be ${TARGET_PREFIX}GetCostAndUsage (the only operation this stand-in implements), got "${target}"`,
      );
    }
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
      problems.push(
        `Content-Type must be application/x-amz-json-1.1, got "${req.headers['content-type']}"`,
      );
    }
    const auth = SIGV4.exec(String(req.headers.authorization ?? ''));
    if (!auth) {
      problems.push('the request is not signed with AWS Signature Version 4');
    } else {
      const [, keyId, date, region, service, signed] = auth;
      const accepted = this.options.accessKeyIds;
      if (accepted && !accepted.includes(keyId)) {
        problems.push(`unknown access key id ${keyId}`);
      }
      if (region !== (this.options.region ?? 'us-east-1')) {
        problems.push(
          `signed for region ${region}; Cost Explorer is served from ${
            this.options.region ?? 'us-east-1'
          }`,
        );
      }
      if (service !== 'ce')
        problems.push(`signed for service ${service}, not ce`);
      const amzDate = String(req.headers['x-amz-date'] ?? '');
      if (!amzDate.startsWith(date)) {
        problems.push(
          'X-Amz-Date is missing or does not match the credential scope',
        );
      }
      for (const h of ['host', 'x-amz-date', 'x-amz-target']) {
        if (!signed.split(';').includes(h)) problems.push(`${h} is not signed`);
      }
    }
    return problems;
  }

  private checkBody(body: any): string[] {
    const request = body;
    if (!this.validate(request)) {
      return (this.validate.errors ?? []).map(
        e => `GetCostAndUsageRequest${e.instancePath} ${e.message}`,
      );
    }
    const problems: string[] = [];
    const { Start, End } = body.TimePeriod as { Start: string; End: string };
    if (!(Start < End)) {
      problems.push(
        `TimePeriod.Start (${Start}) must be before TimePeriod.End (${End}); End is exclusive`,
      );
    }
    for (const g of (body.GroupBy ?? []) as Array<{
      Type: string;
      Key: string;
    }>) {
      if (g.Type === 'DIMENSION' && !GROUP_BY_DIMENSIONS.includes(g.Key)) {
        problems.push(
          `GroupBy dimension ${g.Key} is not a Cost Explorer dimension`,
        );
      }
    }
    return problems;
  }

  /** Spend matching the filter, grouped and paged as asked. */
  private answer(body: any) {
    const groupBy: Array<{ Type: string; Key: string }> = body.GroupBy ?? [];
    const metric: string = body.Metrics[0];
    const lines = this.lines.filter(l => matches(body.Filter, l));
    const groups = new Map<
      string,
      { keys: string[]; amount: number; unit: string }
    >();
    for (const line of lines) {
      const keys = groupBy.map(g => {
        if (g.Type === 'TAG') return `${g.Key}$${line.tag}`;
        if (g.Type === 'DIMENSION' && g.Key === 'LINKED_ACCOUNT')
          return line.account;
        return 'NoDimension';
      });
      const id = keys.join('\n');
      const group = groups.get(id) ?? {
        keys,
        amount: 0,
        unit: line.unit ?? 'USD',
      };
      group.amount += line.amount;
      groups.set(id, group);
    }
    const all = [...groups.values()];
    const pageSize = this.options.pageSize ?? 1000;
    const offset = body.NextPageToken ? Number(body.NextPageToken) : 0;
    const page = all.slice(offset, offset + pageSize);
    const next =
      offset + pageSize < all.length ? String(offset + pageSize) : undefined;
    const toMetric = (amount: number, unit: string) => ({
      [metric]: { Amount: amount.toFixed(10), Unit: unit },
    });
    return {
      GroupDefinitions: groupBy,
      ResultsByTime: [
        {
          TimePeriod: body.TimePeriod,
          Total: groupBy.length
            ? {}
            : toMetric(
                all.reduce((s, g) => s + g.amount, 0),
                'USD',
              ),
          Groups: page.map(g => ({
            Keys: g.keys,
            Metrics: toMetric(g.amount, g.unit),
          })),
          Estimated: true,
        },
      ],
      DimensionValueAttributes: [],
      ...(next && { NextPageToken: next }),
    };
  }
}

function matches(filter: any, line: CostLine): boolean {
  if (!filter) return true;
  if (filter.And) return filter.And.every((f: any) => matches(f, line));
  if (filter.Or) return filter.Or.some((f: any) => matches(f, line));
  if (filter.Not) return !matches(filter.Not, line);
  if (filter.Dimensions?.Key === 'LINKED_ACCOUNT')
    return (filter.Dimensions.Values ?? []).includes(line.account);
  if (filter.Tags) return (filter.Tags.Values ?? []).includes(line.tag);
  return true;
}
