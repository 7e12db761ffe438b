import http from 'node:http';
import { Answer, LocalServer } from './server';

/**
 * A local Azure Retail Prices API (`GET /api/retail/prices`).
 *
 * Contract, from Microsoft Learn's "Azure Retail Prices REST API overview"
 * (learn.microsoft.com/rest/api/cost-management/retail-prices/azure-retail-prices):
 * no authentication; `api-version` (2023-01-01-preview); OData `$filter`
 * on the documented fields (armRegionName, location, meterId, meterName,
 * productId, skuId, productName, skuName, serviceName, serviceId,
 * serviceFamily, priceType, armSkuName) with `eq`, `and`, `or` and
 * parentheses, string values in single quotes (`''` for a quote), case
 * sensitive in this API version; pages of up to 1,000 items linked by
 * `NextPageLink` (with `$skip`); the answer `{BillingCurrency,
 * CustomerEntityId, CustomerEntityType, Items, NextPageLink, Count}` with
 * each item's documented fields. A filter it cannot parse is answered 400.
 */

export interface RetailPriceItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
}

const FIELDS: Record<string, keyof RetailPriceItem> = {
  armRegionName: 'armRegionName',
  location: 'location',
  meterId: 'meterId',
  meterName: 'meterName',
  productId: 'productId',
  skuId: 'skuId',
  productName: 'productName',
  skuName: 'skuName',
  serviceName: 'serviceName',
  serviceId: 'serviceId',
  serviceFamily: 'serviceFamily',
  priceType: 'type',
  armSkuName: 'armSkuName',
};

let meter = 0;

/** An item with the documented fields; the given ones over plausible defaults. */
export function retailItem(
  fields: Partial<RetailPriceItem> &
    Pick<RetailPriceItem, 'serviceName' | 'armRegionName' | 'retailPrice'>,
): RetailPriceItem {
  meter++;
  return {
    currencyCode: 'USD',
    tierMinimumUnits: 0,
    unitPrice: fields.retailPrice,
    location: fields.armRegionName,
    effectiveStartDate: '2026-01-01T00:00:00Z',
    meterId: `00000000-0000-0000-0000-${String(meter).padStart(12, '0')}`,
    meterName: '',
    productId: `DZH318Z0${String(meter).padStart(4, '0')}`,
    skuId: `DZH318Z0${String(meter).padStart(4, '0')}/0001`,
    productName: '',
    skuName: '',
    serviceId: 'DZH313Z7MMC8',
    serviceFamily: 'Compute',
    unitOfMeasure: '1 Hour',
    type: 'Consumption',
    isPrimaryMeterRegion: true,
    armSkuName: '',
    ...fields,
  };
}

type Expr =
  | { op: 'eq'; field: keyof RetailPriceItem; value: string }
  | { op: 'and' | 'or'; left: Expr; right: Expr };

class FilterSyntaxError extends Error {}

/** The subset of OData `$filter` the clients use: eq, and, or, parentheses. */
export function parseFilter(text: string): Expr {
  const tokens: string[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|(\()|(\))|([A-Za-z_][A-Za-z0-9_]*))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new FilterSyntaxError(`unexpected text at ${pos}`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
    pos = re.lastIndex;
  }
  let i = 0;
  // Parenthesised terms recurse into `or`, defined below.
  let or: () => Expr = () => {
    throw new FilterSyntaxError('unreachable');
  };
  const term = (): Expr => {
    if (tokens[i] === '(') {
      i++;
      const e = or();
      if (tokens[i++] !== ')') throw new FilterSyntaxError('missing )');
      return e;
    }
    const name = tokens[i++];
    const field = name !== undefined ? FIELDS[name] : undefined;
    if (!field || !Object.prototype.hasOwnProperty.call(FIELDS, name))
      throw new FilterSyntaxError(`unknown field ${name}`);
    if (tokens[i++] !== 'eq') throw new FilterSyntaxError('expected eq');
    const lit = tokens[i++];
    if (!lit || !lit.startsWith("'"))
      throw new FilterSyntaxError('expected a quoted value');
    return { op: 'eq', field, value: lit.slice(1, -1).replace(/''/g, "'") };
  };
  const and = (): Expr => {
    let left = term();
    while (tokens[i] === 'and') {
      i++;
      left = { op: 'and', left, right: term() };
    }
    return left;
  };
  or = (): Expr => {
    let left = and();
    while (tokens[i] === 'or') {
      i++;
      left = { op: 'or', left, right: and() };
    }
    return left;
  };
  const e = or();
  if (i !== tokens.length)
    throw new FilterSyntaxError(`unexpected ${tokens[i]}`);
  return e;
}

function test(e: Expr, item: RetailPriceItem): boolean {
  if (e.op === 'eq') return item[e.field] === e.value;
  if (e.op === 'and') return test(e.left, item) && test(e.right, item);
  return test(e.left, item) || test(e.right, item);
}

export class AzureRetailPricesStandIn {
  readonly requests: string[] = [];
  /** Filters it was given, parsed. */
  readonly filters: string[] = [];
  items: RetailPriceItem[] = [];
  pageSize = 1000;
  /** The next `n` requests are answered 429 (too many requests). */
  throttle = 0;
  private readonly server = new LocalServer(req => this.handle(req));

  get url() {
    return `${this.server.url}/api/retail/prices`;
  }

  start() {
    return this.server.start();
  }

  stop() {
    return this.server.stop();
  }

  private handle(req: http.IncomingMessage): Answer {
    this.requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const bad = (message: string): Answer => ({
      status: 400,
      body: { Error: { Code: 'BadRequest', Message: message } },
    });
    if (req.method !== 'GET' || url.pathname !== '/api/retail/prices')
      return { status: 404, body: { Error: { Code: 'NotFound' } } };
    if (this.throttle > 0) {
      this.throttle--;
      return { status: 429, body: { Error: { Code: 'TooManyRequests' } } };
    }
    const version = url.searchParams.get('api-version');
    if (version !== '2023-01-01-preview')
      return bad(`unsupported api-version ${version}`);
    const filterText = url.searchParams.get('$filter') ?? '';
    let filter: Expr | undefined;
    if (filterText) {
      try {
        filter = parseFilter(filterText);
      } catch (e) {
        return bad(
          `Invalid OData parameters supplied: ${(e as Error).message}`,
        );
      }
      this.filters.push(filterText);
    }
    const skip = Number(url.searchParams.get('$skip') ?? '0');
    if (!Number.isInteger(skip) || skip < 0) return bad('invalid $skip');
    const all = filter ? this.items.filter(i => test(filter!, i)) : this.items;
    const page = all.slice(skip, skip + this.pageSize);
    let next: string | null = null;
    if (skip + this.pageSize < all.length) {
      const n = new URL(this.url);
      n.searchParams.set('api-version', version);
      if (filterText) n.searchParams.set('$filter', filterText);
      n.searchParams.set('$skip', String(skip + this.pageSize));
      next = n.toString();
    }
    return {
      status: 200,
      body: {
        BillingCurrency: 'USD',
        CustomerEntityId: 'Default',
        CustomerEntityType: 'Retail',
        Items: page,
        NextPageLink: next,
        Count: page.length,
      },
    };
  }
}
