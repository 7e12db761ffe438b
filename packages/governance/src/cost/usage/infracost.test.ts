import { readFileSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import { loadFixture } from '../../__testUtils__/fixtures';
import { planOf } from '../../__testUtils__/plans';
import { estimateCost, pricedResourceTypes } from '../estimate';
import { CostInputError } from '../mergePrices';
import { parseInfracostUsage, typeOfAddress } from './infracost';
import { INFRACOST_KEY_ALIASES, INFRACOST_KEYS } from './infracostKeys';

const EXAMPLE = readFileSync(
  join(__dirname, '../__fixtures__/infracost-usage-example.yml'),
  'utf8',
);

describe('Infracost usage files', () => {
  const read = parseInfracostUsage(EXAMPLE);
  const priced = new Set(pricedResourceTypes());
  const raw = parseYaml(EXAMPLE) as {
    resource_usage: Record<string, Record<string, unknown>>;
  };

  it('reads every entry of Infracost’s example for a priced type without a warning', () => {
    const pricedEntries = Object.keys(raw.resource_usage).filter(a =>
      priced.has(typeOfAddress(a) ?? ''),
    );
    // The example names many of the types this estimate prices.
    expect(pricedEntries.length).toBeGreaterThan(80);
    for (const address of pricedEntries) {
      const type = typeOfAddress(address)!;
      expect([
        address,
        INFRACOST_KEYS[INFRACOST_KEY_ALIASES[type] ?? type],
      ]).toEqual([address, expect.anything()]);
    }
    expect(read.warnings).toEqual([]);
  });

  it('maps Infracost keys onto the estimator’s figures', () => {
    // aws_dynamodb_table.my_table: 3,000,000 WRUs, 8,000,000 RRUs, 230 GB
    expect(read.usage['aws_dynamodb_table.my_table']).toEqual({
      monthlyWriteRequestUnits: 3000000,
      monthlyReadRequestUnits: 8000000,
      storageGb: 230,
    });
    const sqs = raw.resource_usage['aws_sqs_queue.my_queue'];
    expect(read.usage['aws_sqs_queue.my_queue']).toEqual({
      monthlyRequests: sqs.monthly_requests,
    });
    // Type defaults become a type key, which the estimator matches by type.
    expect(read.usage.aws_lambda_function).toEqual({
      monthlyRequests: 100000,
      averageDurationMs: 500,
    });
    // Keys Infracost knows that this estimate does not price are named in a note.
    expect(read.notes.join('\n')).toContain(
      'aws_dynamodb_table.my_table: pitr_backup_storage_gb, on_demand_backup_storage_gb, monthly_data_restored_gb, monthly_streams_read_request_units read but not priced',
    );
  });

  it('warns about an unknown key of a known type, and notes unknown types', () => {
    const r = parseInfracostUsage(`version: 0.1
resource_usage:
  aws_sqs_queue.q:
    monthly_requets: 5
    monthly_requests: 2000000
  aws_rds_cluster.db[*]:
    write_requests_per_sec: 1
    read_requests_per_sec: 1
  aws_cloudfront_distribution.cdn:
    monthly_data_transfer_to_internet_gb:
      us: 100
      europe: 50
  aws_mwaa_environment.air:
    additional_workers: 1
  module.a["x.y"].azurerm_linux_function_app.f:
    monthly_executions: 10
`);
    expect(r.warnings).toEqual([
      'aws_sqs_queue.q: "monthly_requets" is not a usage key of aws_sqs_queue the estimate knows; ignored (known keys: monthly_requests)',
    ]);
    expect(r.usage['aws_sqs_queue.q']).toEqual({ monthlyRequests: 2000000 });
    // (1 + 1) requests/s × 730 h × 3,600 s = 5,256,000 I/O requests a month
    expect(r.usage['aws_rds_cluster.db[*]']).toEqual({
      monthlyIoRequests: 5256000,
    });
    // Only North America is priced; the other regions are named.
    expect(r.usage['aws_cloudfront_distribution.cdn']).toEqual({
      monthlyDataTransferGb: 100,
    });
    expect(r.notes).toContain(
      'aws_cloudfront_distribution.cdn: monthly_data_transfer_to_internet_gb.europe not priced',
    );
    expect(r.notes).toContain(
      'ignored (no usage-priced model here): aws_mwaa_environment',
    );
    expect(r.usage['module.a["x.y"].azurerm_linux_function_app.f']).toEqual({
      monthlyRequests: 10,
    });
  });

  it('applies [*] wildcard entries to every instance in an estimate', () => {
    const { usage } = parseInfracostUsage(`version: 0.1
resource_usage:
  aws_sqs_queue.q[*]:
    monthly_requests: 1000000
`);
    const plan = planOf([
      { type: 'aws_sqs_queue', name: 'q[0]', after: {} },
      { type: 'aws_sqs_queue', name: 'q[1]', after: {} },
      { type: 'aws_sqs_queue', name: 'other', after: {} },
    ]);
    const e = estimateCost(plan, { usage });
    // 1 M × 0.40 = 0.40 for each instance; the other queue has no figure.
    expect(e.resources.map(r => [r.address, r.monthly])).toEqual([
      ['aws_sqs_queue.q[0]', 0.4],
      ['aws_sqs_queue.q[1]', 0.4],
      ['aws_sqs_queue.other', 0],
    ]);
  });

  it('prices Infracost’s example plan from its example usage file', () => {
    const e = estimateCost(loadFixture('04-infracost-example_plan.json'), {
      usage: read.usage,
    });
    const lambda = e.resources.find(
      r => r.address === 'aws_lambda_function.hello_world',
    )!;
    // The type default: 100,000 requests × 0.20/M = 0.02; 100,000 × 0.5 s × 1 GB (1,024 MB)
    // = 50,000 GB-s × 0.0000166667 = 0.8333
    expect(lambda.components.map(c => c.monthly)).toEqual([0.02, 0.8333]);
  });

  it('refuses other versions, non-address keys and invalid YAML', () => {
    expect(() =>
      parseInfracostUsage('version: 0.2\nresource_usage: {}\n'),
    ).toThrow('only Infracost usage file version 0.1 is read');
    expect(() =>
      parseInfracostUsage(
        'version: 0.1\nresource_usage:\n  __proto__:\n    storage_gb: 1\n',
      ),
    ).toThrow(CostInputError);
    expect(() =>
      parseInfracostUsage('version: 0.1\nresource_usage: [1'),
    ).toThrow('not valid YAML');
    expect(() => parseInfracostUsage('resource_usage: {}\n')).toThrow(
      'needs "version" and "resource_usage"',
    );
  });
});
