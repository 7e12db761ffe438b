import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fixturePath } from '../__testUtils__/fixtures';
import { defaultPriceFetchers } from '../cost/live/livePrices';
import { AwsPricingStandIn } from '../cost/live/__testUtils__/awsPricingStandIn';
import {
  CloudBillingStandIn,
  sku,
} from '../cost/live/__testUtils__/cloudBillingStandIn';
import { runCli } from './main';

const PLAN = fixturePath('04-infracost-example_plan.json');

function io(extra: Record<string, unknown> = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (t: string) => (out.stdout += t),
      stderr: (t: string) => (out.stderr += t),
      env: {},
      ...extra,
    },
  };
}

describe('--live-prices', () => {
  const standIn = new AwsPricingStandIn();
  let cache: string;
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.reset();
    cache = mkdtempSync(join(tmpdir(), 'gw-cli-prices-'));
    standIn.setProducts([
      {
        serviceCode: 'AmazonEC2',
        productFamily: 'Compute Instance',
        unit: 'Hrs',
        usd: '1.0000000000',
        attributes: {
          regionCode: 'us-east-1',
          instanceType: 'm5.4xlarge',
          operatingSystem: 'Linux',
          tenancy: 'Shared',
          preInstalledSw: 'NA',
          capacitystatus: 'Used',
          licenseModel: 'No License required',
        },
      },
      {
        serviceCode: 'AWSELB',
        productFamily: 'Load Balancer-Application',
        unit: 'Hrs',
        usd: '0.0225000000',
        attributes: { regionCode: 'us-east-1', usagetype: 'LoadBalancerUsage' },
      },
      {
        serviceCode: 'AmazonEKS',
        productFamily: 'Compute',
        unit: 'Hours',
        usd: '0.1000000000',
        attributes: {
          regionCode: 'us-east-1',
          usagetype: 'AmazonEKS-Hours:perCluster',
        },
      },
    ]);
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  const fetchers = () =>
    defaultPriceFetchers({
      aws: {
        endpoint: standIn.url,
        credentials: { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 's' },
        maxAttempts: 1,
      },
    });

  it('estimates with live prices, says so, and caches them', async () => {
    const run = io({ priceFetchers: fetchers() });
    const code = await runCli(
      [PLAN, '--live-prices', '--price-cache', cache, '--format', 'json'],
      run.io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(run.out.stdout);
    const today = new Date().toISOString().slice(0, 10);
    expect(report.cost.prices.sources).toEqual([
      expect.objectContaining({
        provider: 'aws',
        kind: 'live',
        date: today,
        ageDays: 0,
      }),
    ]);
    const web = report.cost.resources.find(
      (r: any) => r.address === 'aws_instance.web_app',
    );
    expect(web.components[0].unitPrice).toBe(1);
    expect(readdirSync(cache)).toHaveLength(1);
    expect(standIn.violations).toEqual([]);

    // A second run reads the cache: no request reaches the API.
    const calls = standIn.calls.length;
    const again = io({ priceFetchers: fetchers() });
    await runCli([PLAN, '--live-prices', '--price-cache', cache], again.io);
    expect(standIn.calls.length).toBe(calls);
    expect(again.out.stdout).toContain(`Prices: AWS live ${today} (0 days).`);
  });

  it('falls back to the shipped table with a note on stderr when the API fails', async () => {
    standIn.inject('ThrottlingException', 'Rate exceeded', 100);
    const run = io({ priceFetchers: fetchers() });
    const code = await runCli(
      [PLAN, '--live-prices', '--price-cache', cache],
      run.io,
    );
    expect(code).toBe(0);
    expect(run.out.stderr).toMatch(
      /^note: AWS prices: live fetch failed \(.*ThrottlingException: Rate exceeded\); using the shipped price table/,
    );
    expect(run.out.stdout).toMatch(
      /Prices: AWS shipped 2025-06-01 \(\d+ days\)\./,
    );
    // The shipped m5.4xlarge price (0.768 $/h), not the stand-in's 1.00.
    expect(run.out.stdout).toContain('$742.64');
  });

  it('shows the price source line in markdown too', async () => {
    const run = io({ priceFetchers: {} });
    await runCli(
      [PLAN, '--live-prices', '--price-cache', cache, '--format', 'markdown'],
      run.io,
    );
    expect(run.out.stdout).toMatch(
      /<sub>Prices: AWS shipped 2025-06-01 \(\d+ days\)<\/sub>$/,
    );
  });

  it('refuses --price-cache without --live-prices', async () => {
    const run = io();
    expect(await runCli([PLAN, '--price-cache', cache], run.io)).toBe(2);
    expect(run.out.stderr).toContain(
      '--price-cache is only used with --live-prices.',
    );
  });
});

describe('--live-prices with Google Cloud', () => {
  const KEY = 'AIzaCliStandInKey-000111';
  const standIn = new CloudBillingStandIn([KEY]);
  const GCP_PLAN = fixturePath(
    '09-gcp-tfplan2cai-compute-instance-iam.tfplan.json',
  );
  let cache: string;
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'gw-cli-gcp-'));
    standIn.skus = [
      sku({
        description: 'E2 Instance Core running in Americas',
        resourceGroup: 'CPU',
        regions: ['us-central1'],
        usd: 0.03,
        usageUnit: 'h',
      }),
      sku({
        description: 'E2 Instance Ram running in Americas',
        resourceGroup: 'RAM',
        regions: ['us-central1'],
        usd: 0.004,
        usageUnit: 'GiBy.h',
      }),
    ];
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  const fetchersWith = (apiKey: string) =>
    defaultPriceFetchers({
      gcp: { apiKey, baseUrl: standIn.url, backoffMs: 1 },
    });

  it('prices e2-medium from the catalog and keeps the key out of the cache', async () => {
    const run = io({ priceFetchers: fetchersWith(KEY) });
    await runCli(
      [GCP_PLAN, '--live-prices', '--price-cache', cache, '--format', 'json'],
      run.io,
    );
    const report = JSON.parse(run.out.stdout);
    const vm = report.cost.resources.find(
      (r: any) => r.resourceType === 'google_compute_instance',
    );
    // 1 vCPU × 0.03 + 4 GB × 0.004
    expect(vm.components[0].unitPrice).toBe(0.046);
    expect(report.cost.prices.sources[0]).toMatchObject({
      provider: 'gcp',
      kind: 'live',
    });
    const files = readdirSync(cache);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(cache, files[0]), 'utf8')).not.toContain(KEY);
  });

  it('a refused key falls back with a note that does not hold it', async () => {
    const run = io({ priceFetchers: fetchersWith('AIzaNotTheKey-999') });
    expect(
      await runCli([GCP_PLAN, '--live-prices', '--price-cache', cache], run.io),
    ).not.toBe(2);
    expect(run.out.stderr).toMatch(
      /Google Cloud prices: live fetch failed \(.*403.*key=REDACTED.*\); using the shipped price table/,
    );
    expect(run.out.stderr + run.out.stdout).not.toContain('AIzaNotTheKey-999');
    expect(run.out.stdout).toMatch(/Prices: Google Cloud shipped 2025-06-01/);
  });
});
