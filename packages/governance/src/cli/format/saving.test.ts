import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { estimateCost } from '../../cost/estimate';
import { evaluatePlan } from '../../policy/evaluate';
import { planOf } from '../../__testUtils__/plans';
import { runCli } from '../main';
import { formatJson } from './json';
import { formatMarkdown } from './markdown';
import type { Report } from './report';
import { formatSarif } from './sarif';
import { formatTable } from './table';

/**
 * A 500 GB gp2 volume that nothing attaches: gp3 saves 500 × (0.10 − 0.08)
 * = $10.00/month, deleting it 500 × 0.10 = $50.00/month.
 */
const PLAN_JSON = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  resource_changes: [
    {
      address: 'aws_ebs_volume.data',
      mode: 'managed',
      type: 'aws_ebs_volume',
      name: 'data',
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions: ['create'],
        before: null,
        after: { size: 500, type: 'gp2', encrypted: true },
        after_unknown: { id: true },
      },
    },
  ],
  configuration: { root_module: { resources: [] } },
};

function report(): Report {
  const plan = planOf([
    {
      type: 'aws_ebs_volume',
      name: 'data',
      after: { size: 500, type: 'gp2', encrypted: true },
      unknown: { id: true },
    },
  ]);
  return {
    planPath: 'plan.json',
    planText: JSON.stringify(PLAN_JSON),
    plan,
    evaluation: evaluatePlan(plan, { now: new Date('2026-11-22') }),
    cost: estimateCost(plan),
    toolVersion: '0.0.0-test',
  };
}

describe('savings in the CLI formats', () => {
  it('JSON carries the saving on the finding and the sum in the summary', () => {
    const out = JSON.parse(formatJson(report()));
    const gp3 = out.findings.find(
      (f: { ruleId: string }) => f.ruleId === 'GW-AWS-451',
    );
    expect(gp3.saving).toEqual({
      monthly: 10,
      currency: 'USD',
      basis: expect.stringContaining('gp2'),
    });
    expect(out.summary.monthlySavings).toBe(60);
  });

  it('table and markdown say "saves about $X/month"', () => {
    const table = formatTable(report());
    expect(table).toContain('(saves about $10.00/month)');
    expect(table).toContain('(saves about $50.00/month)');
    expect(table).toContain('FinOps findings would save about $60.00/month.');
    const md = formatMarkdown(report());
    expect(md).toContain('saves about $10.00/month');
    expect(md).toContain('FinOps savings about $60.00/month');
  });

  it('SARIF puts the saving in result properties and stays valid', () => {
    const sarif = JSON.parse(formatSarif(report()));
    const result = sarif.runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'GW-AWS-451',
    );
    expect(result.properties.saving.monthly).toBe(10);
    const schema = JSON.parse(
      readFileSync(
        require.resolve(
          '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json',
        ),
        'utf8',
      ),
    );
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      unicodeRegExp: false,
    });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif)).toBe(true);
  });

  it('the CLI prices savings from the same --prices table as the estimate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-saving-'));
    try {
      writeFileSync(join(dir, 'plan.json'), JSON.stringify(PLAN_JSON));
      writeFileSync(
        join(dir, 'prices.json'),
        JSON.stringify({ aws: { 'us-east-1': { ebs: { gp2: 0.12 } } } }),
      );
      let stdout = '';
      const io = {
        stdout: (t: string) => {
          stdout += t;
        },
        stderr: () => undefined,
      };
      await runCli(
        [
          join(dir, 'plan.json'),
          '--format',
          'json',
          '--prices',
          join(dir, 'prices.json'),
        ],
        io,
      );
      const out = JSON.parse(stdout);
      // 500 × (0.12 − 0.08) for gp3, plus 500 × 0.12 for the unused volume.
      expect(out.summary.monthlySavings).toBe(80);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
