import http from 'node:http';
import { Answer, LocalServer } from './server';

/**
 * A local AWS Price List Query API endpoint for `GetProducts`, for the
 * real `@aws-sdk/client-pricing` client pointed at it with `endpoint`.
 *
 * Contract, from the SDK's own model of the operation
 * (`@aws-sdk/client-pricing` `GetProductsRequest`/`Filter`/`FilterType`)
 * and the API Reference page "GetProducts" (AWS Price List Service): the
 * awsJson1_1 protocol (POST /, `X-Amz-Target:
 * AWSPriceListService.GetProducts`, `application/x-amz-json-1.1`, SigV4
 * for service `pricing`), required `ServiceCode`, `Filters` of
 * `{Type, Field, Value}` with Type TERM_MATCH|EQUALS|CONTAINS|ANY_OF|NONE_OF,
 * `FormatVersion` aws_v1, `NextToken`, `MaxResults` 1–100; the answer
 * `{FormatVersion, PriceList: [JSON string per product], NextToken}` with
 * each product in the offer file's aws_v1 shape ("Reading the offer
 * files" in the Billing and Cost Management user guide); errors as
 * `{__type, message}` with status 400 (`InvalidParameterException`,
 * `InvalidNextTokenException`, `NotFoundException`, `ThrottlingException`).
 */

export interface AwsProductSpec {
  serviceCode: string;
  productFamily: string;
  attributes: Record<string, string>;
  /** USD per unit, as AWS writes it (a decimal string). */
  usd: string;
  unit: string;
}

export interface AwsPricingCall {
  headers: http.IncomingHttpHeaders;
  body: any;
  status: number;
}

const FILTER_TYPES = ['TERM_MATCH', 'EQUALS', 'CONTAINS', 'ANY_OF', 'NONE_OF'];
const TARGET = 'AWSPriceListService.GetProducts';
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;

let skuCounter = 0;

/** A product in the offer file's aws_v1 shape, with one on-demand price. */
export function awsProduct(spec: AwsProductSpec): Record<string, unknown> {
  const sku = `STANDIN${String(++skuCounter).padStart(9, '0')}`;
  const term = `${sku}.JRTCKXETXF`;
  return {
    product: {
      productFamily: spec.productFamily,
      attributes: { servicecode: spec.serviceCode, ...spec.attributes },
      sku,
    },
    serviceCode: spec.serviceCode,
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: {
            [`${term}.6YS6EN2CT7`]: {
              unit: spec.unit,
              endRange: 'Inf',
              description: `$${spec.usd} per ${spec.unit}`,
              appliesTo: [],
              rateCode: `${term}.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: spec.usd },
            },
          },
          sku,
          effectiveDate: '2026-12-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20261201000000',
    publicationDate: '2026-12-01T00:00:00Z',
  };
}

function fieldOf(product: any, field: string): string | undefined {
  if (field === 'productFamily') return product.product?.productFamily;
  if (field === 'sku') return product.product?.sku;
  const attrs = product.product?.attributes ?? {};
  return Object.prototype.hasOwnProperty.call(attrs, field)
    ? attrs[field]
    : undefined;
}

function matches(
  product: any,
  f: { Type: string; Field: string; Value: string },
) {
  const v = fieldOf(product, f.Field);
  switch (f.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return v === f.Value;
    case 'CONTAINS':
      return v !== undefined && v.includes(f.Value);
    case 'ANY_OF':
      return v !== undefined && f.Value.split(',').includes(v);
    case 'NONE_OF':
      return v === undefined || !f.Value.split(',').includes(v);
    default:
      return false;
  }
}

export class AwsPricingStandIn {
  readonly calls: AwsPricingCall[] = [];
  readonly violations: string[] = [];
  private products: Array<Record<string, any>> = [];
  private faults: Array<{ type: string; message: string; times: number }> = [];
  private readonly server = new LocalServer((req, body) =>
    this.handle(req, body),
  );

  get url() {
    return this.server.url;
  }

  start() {
    return this.server.start();
  }

  stop() {
    return this.server.stop();
  }

  setProducts(specs: AwsProductSpec[]) {
    this.products = specs.map(awsProduct);
  }

  /** Forgets calls, violations and pending faults. */
  reset() {
    this.calls.length = 0;
    this.violations.length = 0;
    this.faults = [];
  }

  /** The next `times` requests fail with this AWS error (status 400). */
  inject(type: string, message: string, times = 1) {
    this.faults.push({ type, message, times });
  }

  private error(type: string, message: string): Answer {
    return {
      status: 400,
      body: { __type: type, message },
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': type,
      },
    };
  }

  private handle(req: http.IncomingMessage, raw: string): Answer {
    let body: any;
    const problems: string[] = [];
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      problems.push('the body is not JSON');
    }
    if (req.method !== 'POST' || req.url !== '/')
      problems.push(
        `awsJson1_1 requests are POST /, got ${req.method} ${req.url}`,
      );
    if (req.headers['x-amz-target'] !== TARGET)
      problems.push(
        `X-Amz-Target must be ${TARGET}, got ${req.headers['x-amz-target']}`,
      );
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
      problems.push(
        `Content-Type must be application/x-amz-json-1.1, got ${req.headers['content-type']}`,
      );
    const auth = SIGV4.exec(String(req.headers.authorization ?? ''));
    if (!auth)
      problems.push('the request is not signed with AWS Signature Version 4');
    else if (auth[4] !== 'pricing')
      problems.push(`signed for service ${auth[4]}, not pricing`);
    else if (auth[3] !== 'us-east-1' && auth[3] !== 'ap-south-1')
      problems.push(
        `signed for region ${auth[3]}; the Price List API is in us-east-1 and ap-south-1`,
      );
    const record = (status: number) =>
      this.calls.push({ headers: req.headers, body, status });
    if (problems.length > 0) {
      this.violations.push(...problems);
      record(400);
      return this.error('InvalidParameterException', problems.join('; '));
    }
    const invalid = this.checkInput(body);
    if (invalid) {
      this.violations.push(invalid);
      record(400);
      return this.error('InvalidParameterException', invalid);
    }
    const fault = this.faults[0];
    if (fault) {
      if (--fault.times <= 0) this.faults.shift();
      record(400);
      return this.error(fault.type, fault.message);
    }
    const all = this.products.filter(
      p =>
        p.serviceCode === body.ServiceCode &&
        (body.Filters ?? []).every((f: any) => matches(p, f)),
    );
    if (!this.products.some(p => p.serviceCode === body.ServiceCode)) {
      record(400);
      return this.error(
        'NotFoundException',
        `Service ${body.ServiceCode} not found`,
      );
    }
    let start = 0;
    if (body.NextToken !== undefined) {
      const m = /^standin:(\d+)$/.exec(
        Buffer.from(String(body.NextToken), 'base64').toString('utf8'),
      );
      if (!m) {
        record(400);
        return this.error(
          'InvalidNextTokenException',
          'The next token is invalid',
        );
      }
      start = Number(m[1]);
    }
    const size = body.MaxResults ?? 100;
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? start + size : undefined;
    record(200);
    return {
      status: 200,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: {
        FormatVersion: 'aws_v1',
        PriceList: page.map(p => JSON.stringify(p)),
        ...(next !== undefined && {
          NextToken: Buffer.from(`standin:${next}`).toString('base64'),
        }),
      },
    };
  }

  /** The GetProducts input model; the first problem, or undefined. */
  private checkInput(body: any): string | undefined {
    if (body === null || typeof body !== 'object')
      return 'the input is not an object';
    const known = [
      'ServiceCode',
      'Filters',
      'FormatVersion',
      'NextToken',
      'MaxResults',
    ];
    for (const k of Object.keys(body))
      if (!known.includes(k)) return `unknown member ${k}`;
    if (typeof body.ServiceCode !== 'string' || !body.ServiceCode)
      return 'ServiceCode is required';
    if (body.FormatVersion !== undefined && body.FormatVersion !== 'aws_v1')
      return `FormatVersion must be aws_v1, got ${body.FormatVersion}`;
    if (
      body.MaxResults !== undefined &&
      (!Number.isInteger(body.MaxResults) ||
        body.MaxResults < 1 ||
        body.MaxResults > 100)
    )
      return `MaxResults must be an integer from 1 to 100, got ${body.MaxResults}`;
    if (body.NextToken !== undefined && typeof body.NextToken !== 'string')
      return 'NextToken must be a string';
    if (body.Filters !== undefined) {
      if (!Array.isArray(body.Filters)) return 'Filters must be a list';
      for (const f of body.Filters) {
        if (!FILTER_TYPES.includes(f?.Type))
          return `Filter Type must be one of ${FILTER_TYPES.join(', ')}, got ${
            f?.Type
          }`;
        if (typeof f.Field !== 'string' || !f.Field)
          return 'Filter Field is required';
        if (typeof f.Value !== 'string') return 'Filter Value is required';
        for (const k of Object.keys(f))
          if (!['Type', 'Field', 'Value'].includes(k))
            return `unknown Filter member ${k}`;
      }
    }
    return undefined;
  }
}
