import { CostExplorerStandIn } from './CostExplorerStandIn';

const signed = (date = '20261115T120000Z') => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': 'AWSInsightsIndexService.GetCostAndUsage',
  'x-amz-date': date,
  authorization: `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/${date.slice(
    0,
    8,
  )}/us-east-1/ce/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=${'a'.repeat(
    64,
  )}`,
});

const valid = {
  TimePeriod: { Start: '2026-11-01', End: '2026-11-16' },
  Granularity: 'MONTHLY',
  Metrics: ['UnblendedCost'],
  GroupBy: [{ Type: 'TAG', Key: 'team' }],
};

describe('CostExplorerStandIn', () => {
  const aws = new CostExplorerStandIn();
  beforeAll(() => aws.start());
  afterAll(() => aws.stop());
  afterEach(() => aws.violations.splice(0));

  const post = (body: unknown, headers: Record<string, string> = signed()) =>
    fetch(aws.url, { method: 'POST', headers, body: JSON.stringify(body) });

  it('answers a conforming request with grouped spend', async () => {
    aws.setCosts([
      { tag: 'a', account: '1', amount: 1.5 },
      { tag: 'a', account: '2', amount: 2 },
    ]);
    const res = await post(valid);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.ResultsByTime[0].Groups).toEqual([
      {
        Keys: ['team$a'],
        Metrics: { UnblendedCost: { Amount: '3.5000000000', Unit: 'USD' } },
      },
    ]);
    aws.assertNoViolations();
  });

  it('refuses what the real API refuses, and records why', async () => {
    const bad = [
      await post(valid, { ...signed(), authorization: 'Bearer x' }),
      await post({ ...valid, Metrics: ['Cost'] }),
      await post({
        ...valid,
        GroupBy: [...valid.GroupBy, ...valid.GroupBy, ...valid.GroupBy],
      }),
      await post({
        ...valid,
        TimePeriod: { Start: '2026-11-16', End: '2026-11-01' },
      }),
      await post({ ...valid, GroupBy: [{ Type: 'DIMENSION', Key: 'TEAM' }] }),
      await post({ TimePeriod: valid.TimePeriod, Metrics: valid.Metrics }),
    ];
    expect(bad.map(r => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(aws.violations.join('\n')).toEqual(
      expect.stringContaining('not signed with AWS Signature Version 4'),
    );
    expect(aws.violations).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          '/Metrics/0 must be equal to one of the allowed values',
        ),
        expect.stringContaining('/GroupBy must NOT have more than 2 items'),
        expect.stringContaining('must be before TimePeriod.End'),
        expect.stringContaining(
          'GroupBy dimension TEAM is not a Cost Explorer dimension',
        ),
        expect.stringContaining("must have required property 'Granularity'"),
      ]),
    );
    expect(() => aws.assertNoViolations()).toThrow(/contract violations/);
  });
});
