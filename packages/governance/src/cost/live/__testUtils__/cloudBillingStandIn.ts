import http from 'node:http';
import { Answer, LocalServer } from './server';

/**
 * A local Cloud Billing Catalog API (`GET /v1/services/{id}/skus`).
 *
 * Contract, from the API reference "Method: services.skus.list" and the
 * `Sku` resource (cloud.google.com/billing/docs/reference/rest/v1/services.skus):
 * the API key as the `key` query parameter (a missing or unknown key is
 * refused, here with 403 PERMISSION_DENIED in Google's error shape),
 * `currencyCode`, `pageSize` (at most 5000), `pageToken`; the answer
 * `{skus, nextPageToken}` with each `Sku`'s name, skuId, description,
 * category {serviceDisplayName, resourceFamily, resourceGroup, usageType},
 * serviceRegions and pricingInfo[].pricingExpression.tieredRates[].unitPrice
 * as `Money` {currencyCode, units (int64 as a string), nanos}.
 */

export interface SkuSpec {
  description: string;
  resourceGroup: string;
  regions: string[];
  usd: number;
  usageUnit: string;
  usageType?: string;
}

let counter = 0;

/** A `Sku` with the documented fields. */
export function sku(spec: SkuSpec): Record<string, unknown> {
  counter++;
  const id = `A${String(counter).padStart(3, '0')}-B${String(counter).padStart(
    3,
    '0',
  )}-C${String(counter).padStart(3, '0')}`;
  const units = Math.floor(spec.usd);
  return {
    name: `services/6F81-5844-456A/skus/${id}`,
    skuId: id,
    description: spec.description,
    category: {
      serviceDisplayName: 'Compute Engine',
      resourceFamily: spec.usageUnit === 'h' ? 'Compute' : 'Storage',
      resourceGroup: spec.resourceGroup,
      usageType: spec.usageType ?? 'OnDemand',
    },
    serviceRegions: spec.regions,
    pricingInfo: [
      {
        summary: '',
        pricingExpression: {
          usageUnit: spec.usageUnit,
          displayQuantity: 1,
          tieredRates: [
            {
              startUsageAmount: 0,
              unitPrice: {
                currencyCode: 'USD',
                units: String(units),
                nanos: Math.round((spec.usd - units) * 1e9),
              },
            },
          ],
          usageUnitDescription:
            spec.usageUnit === 'h' ? 'hour' : 'gibibyte month',
          baseUnit: spec.usageUnit === 'h' ? 's' : 'By.s',
          baseUnitDescription:
            spec.usageUnit === 'h' ? 'second' : 'byte second',
          baseUnitConversionFactor:
            spec.usageUnit === 'h' ? 3600 : 2.8759101014016e15,
        },
        currencyConversionRate: 1,
        effectiveTime: '2026-12-01T00:00:00Z',
      },
    ],
    serviceProviderName: 'Google',
    geoTaxonomy: { type: 'REGIONAL', regions: spec.regions },
  };
}

export class CloudBillingStandIn {
  readonly requests: string[] = [];
  skus: Array<Record<string, unknown>> = [];
  pageSize = 5000;
  /** The next `n` requests are answered 429 RESOURCE_EXHAUSTED. */
  throttle = 0;
  private readonly server = new LocalServer(req => this.handle(req));

  constructor(private readonly apiKeys: string[]) {}

  get url() {
    return `${this.server.url}/v1`;
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
    const error = (code: number, status: string, message: string): Answer => ({
      status: code,
      body: { error: { code, message, status } },
    });
    const m = /^\/v1\/services\/([^/]+)\/skus$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return error(404, 'NOT_FOUND', 'Not found');
    const key = url.searchParams.get('key');
    if (!key || !this.apiKeys.includes(key))
      return error(
        403,
        'PERMISSION_DENIED',
        'The request is missing a valid API key.',
      );
    if (this.throttle > 0) {
      this.throttle--;
      return error(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded.');
    }
    if (m[1] !== '6F81-5844-456A')
      return error(404, 'NOT_FOUND', `Service ${m[1]} not found`);
    const currency = url.searchParams.get('currencyCode');
    if (currency !== null && !/^[A-Z]{3}$/.test(currency))
      return error(400, 'INVALID_ARGUMENT', 'invalid currencyCode');
    const asked = Number(url.searchParams.get('pageSize') ?? '5000');
    if (!Number.isInteger(asked) || asked < 0 || asked > 5000)
      return error(400, 'INVALID_ARGUMENT', 'pageSize must be at most 5000');
    const size = Math.min(asked || 5000, this.pageSize);
    const token = url.searchParams.get('pageToken');
    let start = 0;
    if (token) {
      const t = /^p(\d+)$/.exec(token);
      if (!t) return error(400, 'INVALID_ARGUMENT', 'invalid pageToken');
      start = Number(t[1]);
    }
    const page = this.skus.slice(start, start + size);
    return {
      status: 200,
      body: {
        skus: page,
        nextPageToken:
          start + size < this.skus.length ? `p${start + size}` : '',
      },
    };
  }
}
