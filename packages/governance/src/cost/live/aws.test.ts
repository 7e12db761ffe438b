import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_PRICE_TABLE } from '../prices/table';
import { AwsPriceClient } from './aws';
import { PriceFetchError } from './http';
import { liveTable } from './snapshot';
import {
  AwsPricingStandIn,
  AwsProductSpec,
} from './__testUtils__/awsPricingStandIn';

const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'secret' };

const ec2 = (
  region: string,
  type: string,
  usd: string,
  extra = {},
): AwsProductSpec => ({
  serviceCode: 'AmazonEC2',
  productFamily: 'Compute Instance',
  unit: 'Hrs',
  usd,
  attributes: {
    regionCode: region,
    instanceType: type,
    operatingSystem: 'Linux',
    tenancy: 'Shared',
    preInstalledSw: 'NA',
    capacitystatus: 'Used',
    licenseModel: 'No License required',
    ...extra,
  },
});

const US_EAST_1: AwsProductSpec[] = [
  ec2('us-east-1', 't3.micro', '0.0110000000'),
  ec2('us-east-1', 'm5.large', '0.0990000000'),
  ec2('us-east-1', 'c5.large', '0.0900000000'),
  // Not what was asked: Windows, dedicated, reserved capacity, another region.
  ec2('us-east-1', 't3.micro', '0.0200000000', { operatingSystem: 'Windows' }),
  ec2('us-east-1', 't3.micro', '0.0500000000', { tenancy: 'Dedicated' }),
  ec2('us-east-1', 't3.micro', '0.0000000000', {
    capacitystatus: 'UnusedCapacityReservation',
  }),
  ec2('eu-west-1', 't3.micro', '0.0120000000'),
  {
    serviceCode: 'AmazonEC2',
    productFamily: 'Storage',
    unit: 'GB-Mo',
    usd: '0.0850000000',
    attributes: { regionCode: 'us-east-1', volumeApiName: 'gp3' },
  },
  {
    serviceCode: 'AmazonEC2',
    productFamily: 'NAT Gateway',
    unit: 'Hrs',
    usd: '0.0460000000',
    attributes: { regionCode: 'us-east-1', usagetype: 'NatGateway-Hours' },
  },
  {
    serviceCode: 'AmazonEC2',
    productFamily: 'NAT Gateway',
    unit: 'GB',
    usd: '0.0470000000',
    attributes: { regionCode: 'us-east-1', usagetype: 'NatGateway-Bytes' },
  },
  {
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Application',
    unit: 'Hrs',
    usd: '0.0230000000',
    attributes: { regionCode: 'us-east-1', usagetype: 'LoadBalancerUsage' },
  },
  {
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Application',
    unit: 'LCU-Hrs',
    usd: '0.0080000000',
    attributes: { regionCode: 'us-east-1', usagetype: 'LCUUsage' },
  },
  {
    serviceCode: 'AWSELB',
    productFamily: 'Load Balancer-Network',
    unit: 'Hrs',
    usd: '0.0240000000',
    attributes: { regionCode: 'us-east-1', usagetype: 'LoadBalancerUsage' },
  },
  {
    serviceCode: 'AmazonEKS',
    productFamily: 'Compute',
    unit: 'Hours',
    usd: '0.1000000000',
    attributes: {
      regionCode: 'us-east-1',
      usagetype: 'USE1-AmazonEKS-Hours:perCluster',
    },
  },
  {
    serviceCode: 'AmazonRDS',
    productFamily: 'Database Instance',
    unit: 'Hrs',
    usd: '0.0190000000',
    attributes: {
      regionCode: 'us-east-1',
      instanceType: 'db.t3.micro',
      databaseEngine: 'PostgreSQL',
      deploymentOption: 'Single-AZ',
    },
  },
  {
    serviceCode: 'AmazonRDS',
    productFamily: 'Database Instance',
    unit: 'Hrs',
    usd: '0.0380000000',
    attributes: {
      regionCode: 'us-east-1',
      instanceType: 'db.t3.micro',
      databaseEngine: 'PostgreSQL',
      deploymentOption: 'Multi-AZ',
    },
  },
];

describe('AwsPriceClient against the GetProducts stand-in', () => {
  const standIn = new AwsPricingStandIn();
  beforeAll(() => standIn.start());
  afterAll(() => standIn.stop());
  beforeEach(() => {
    standIn.reset();
    standIn.setProducts(US_EAST_1);
  });

  const client = (options = {}) =>
    new AwsPriceClient({
      endpoint: standIn.url,
      credentials,
      maxAttempts: 3,
      ...options,
    });

  it('maps the products asked for onto the table fields, as plain numbers', async () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const snapshot = await client().fetch(
      {
        regions: ['us-east-1'],
        ec2InstanceTypes: ['t3.micro', 'm5.large'],
        rdsInstanceClasses: ['db.t3.micro'],
      },
      now,
    );
    expect(snapshot).toMatchObject({
      provider: 'aws',
      regions: ['us-east-1'],
      fetchedAt: '2026-12-07T10:00:00.000Z',
      source: 'aws-price-list-api',
    });
    expect(snapshot.overrides.aws!['us-east-1']).toEqual({
      // c5.large is in the stand-in but was not asked for.
      ec2: { 't3.micro': 0.011, 'm5.large': 0.099 },
      rds: { instances: { postgres: { 'db.t3.micro': 0.019 } } },
      ebs: { gp3: 0.085 },
      natGatewayHour: 0.046,
      natGatewayPerGb: 0.047,
      albHour: 0.023,
      nlbHour: 0.024,
      eksClusterHour: 0.1,
    });
    // Every request held to the GetProducts model and signed.
    expect(standIn.violations).toEqual([]);
    const ec2Call = standIn.calls.find(c =>
      c.body.Filters?.some(
        (f: any) =>
          f.Field === 'instanceType' && f.Value === 't3.micro,m5.large',
      ),
    );
    expect(ec2Call?.body).toMatchObject({
      ServiceCode: 'AmazonEC2',
      FormatVersion: 'aws_v1',
      MaxResults: 100,
    });
    expect(ec2Call?.body.Filters).toEqual(
      expect.arrayContaining([
        { Type: 'TERM_MATCH', Field: 'operatingSystem', Value: 'Linux' },
        { Type: 'TERM_MATCH', Field: 'tenancy', Value: 'Shared' },
        { Type: 'TERM_MATCH', Field: 'preInstalledSw', Value: 'NA' },
        { Type: 'TERM_MATCH', Field: 'capacitystatus', Value: 'Used' },
      ]),
    );
  });

  it('follows NextToken through every page', async () => {
    const many = [
      't3.nano',
      't3.micro',
      't3.small',
      't3.medium',
      't3.large',
    ].map((t, i) => ec2('us-east-1', t, `0.0${i + 1}00000000`));
    standIn.setProducts(many);
    const snapshot = await client({ pageSize: 2 }).fetch({
      regions: ['us-east-1'],
      ec2InstanceTypes: many.map(m => m.attributes.instanceType),
      networkAndStorage: false,
    });
    expect(
      Object.keys(snapshot.overrides.aws!['us-east-1']!.ec2!),
    ).toHaveLength(5);
    expect(snapshot.overrides.aws!['us-east-1']!.ec2!['t3.large']).toBe(0.05);
    expect(standIn.calls.map(c => c.body.NextToken === undefined)).toEqual([
      true,
      false,
      false,
    ]);
    expect(standIn.calls.every(c => c.body.MaxResults === 2)).toBe(true);
    expect(standIn.violations).toEqual([]);
  });

  it('leaves a price the API does not have at the shipped value', async () => {
    const snapshot = await client().fetch({
      regions: ['us-east-1'],
      ec2InstanceTypes: ['t3.micro', 'r5.large'],
    });
    const { table, sources } = liveTable(
      DEFAULT_PRICE_TABLE,
      [snapshot],
      new Date('2026-12-07T12:00:00Z'),
    );
    expect(table.aws['us-east-1'].ec2['t3.micro']).toBe(0.011);
    expect(table.aws['us-east-1'].ec2['r5.large']).toBe(
      DEFAULT_PRICE_TABLE.aws['us-east-1'].ec2['r5.large'],
    );
    expect(table.aws['us-east-1'].ebs.gp2).toBe(
      DEFAULT_PRICE_TABLE.aws['us-east-1'].ebs.gp2,
    );
    expect(table.aws['us-east-1'].ebs.gp3).toBe(0.085);
    expect(sources.find(s => s.provider === 'aws')).toMatchObject({
      kind: 'live',
      ageDays: 0,
    });
  });

  it('retries throttling with backoff a bounded number of times', async () => {
    standIn.inject('ThrottlingException', 'Rate exceeded', 2);
    const snapshot = await client().fetch({
      regions: ['us-east-1'],
      ec2InstanceTypes: ['t3.micro'],
      networkAndStorage: false,
    });
    expect(snapshot.overrides.aws!['us-east-1']!.ec2).toEqual({
      't3.micro': 0.011,
    });
    expect(standIn.calls.map(c => c.status)).toEqual([400, 400, 200]);
  });

  it('gives up after maxAttempts throttled answers', async () => {
    standIn.inject('ThrottlingException', 'Rate exceeded', 10);
    const error = await client({ maxAttempts: 2 })
      .fetch({
        regions: ['us-east-1'],
        ec2InstanceTypes: ['t3.micro'],
        networkAndStorage: false,
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(PriceFetchError);
    expect(error.message).toMatch(/ThrottlingException: Rate exceeded/);
    expect(standIn.calls).toHaveLength(2);
  });

  it('does not retry an InvalidParameterException', async () => {
    standIn.inject('InvalidParameterException', 'Input validation failed', 1);
    const error = await client()
      .fetch({
        regions: ['us-east-1'],
        ec2InstanceTypes: ['t3.micro'],
        networkAndStorage: false,
      })
      .catch(e => e);
    expect(error.message).toMatch(/InvalidParameterException/);
    expect(standIn.calls).toHaveLength(1);
  });

  it('refuses names that are not AWS names before any request', async () => {
    const error = await client()
      .fetch({
        regions: ['us-east-1'],
        ec2InstanceTypes: ['t3.micro,m5.24xlarge'],
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(PriceFetchError);
    expect(error.message).toMatch(/not an AWS region, instance type or class/);
    expect(standIn.calls).toHaveLength(0);
  });

  it('the stand-in refuses input outside the GetProducts model', async () => {
    standIn.setProducts(US_EAST_1);
    const raw = new PricingClient({
      region: 'us-east-1',
      endpoint: standIn.url,
      credentials,
      maxAttempts: 1,
    });
    await expect(
      raw.send(
        new GetProductsCommand({ ServiceCode: 'AmazonEC2', MaxResults: 101 }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      raw.send(
        new GetProductsCommand({
          ServiceCode: 'AmazonEC2',
          Filters: [
            { Type: 'REGEX' as any, Field: 'instanceType', Value: '.*' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(standIn.violations).toHaveLength(2);
  });
});

describe('AwsPriceClient when the API does not answer', () => {
  it('gives up after its time limit instead of hanging', async () => {
    const sockets: Socket[] = [];
    const silent = createServer(() => {
      // Never answers.
    });
    silent.on('connection', s => sockets.push(s));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = Date.now();
      const error = await new AwsPriceClient({
        endpoint: `http://127.0.0.1:${port}`,
        credentials,
        maxAttempts: 1,
        timeoutMs: 300,
      })
        .fetch({
          regions: ['us-east-1'],
          networkAndStorage: false,
          ec2InstanceTypes: ['t3.micro'],
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(PriceFetchError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      sockets.forEach(s => s.destroy());
      await new Promise(r => silent.close(r));
    }
  });
});
