import { governPlan, loadPolicyFile, parsePlan } from '@groundwork/governance';
import fs from 'node:fs';
import path from 'node:path';
import { infrastructureRunReportFromGovernance } from './fromGovernance';

const examples = path.resolve(__dirname, '../../../../examples/plans');

describe('infrastructureRunReportFromGovernance', () => {
  it('reports what governance said about a plan, without not-applicable findings', async () => {
    const plan = parsePlan(
      fs.readFileSync(
        path.join(examples, 'recommendations-api/dev.tfplan.json'),
      ),
    );
    const policy = await loadPolicyFile(path.join(examples, 'governance.yaml'));
    const governance = governPlan(plan, {
      environment: 'dev',
      policy,
      now: new Date('2026-11-20T00:00:00Z'),
    });
    const report = infrastructureRunReportFromGovernance(
      {
        entityRef: 'component:default/recommendations-api',
        environment: 'dev',
        runId: 'run-1',
        tool: 'terraform',
        executor: 'cli',
        result: 'applied',
        startedAt: '2026-11-20T10:00:00.000Z',
        finishedAt: '2026-11-20T10:05:00.000Z',
      },
      plan,
      governance,
    );
    expect(report.summary).toEqual({
      add: 4,
      change: 0,
      destroy: 0,
      replace: 0,
    });
    expect(report.resourceCount).toBe(4);
    expect(report.findings.map(f => f.verdict)).not.toContain('not-applicable');
    expect(report.findings).toHaveLength(
      governance.findings.filter(f => f.verdict !== 'not-applicable').length,
    );
    expect(report.compliance).toEqual({
      score: governance.summary.score,
      failed: governance.summary.failed,
      waived: governance.summary.waived,
      warned: governance.summary.warned,
      unknown: governance.summary.unknown,
      passed: governance.summary.passed,
      threshold: 'critical',
      blocking: false,
    });
    const waived = report.findings.find(f => f.verdict === 'waived');
    expect(waived).toMatchObject({
      ruleId: 'GW-AWS-002',
      address: 'aws_security_group.ranker',
      remediation: expect.any(String),
      waiver: {
        owner: 'margaret.hamilton@example.com',
        expires: '2027-03-31',
        expired: false,
      },
    });
    expect(report.cost).toEqual({
      currency: 'USD',
      monthlyBefore: governance.cost.monthlyBefore,
      monthlyAfter: governance.cost.monthlyAfter,
      delta: governance.cost.delta,
      coverage: {
        priced: governance.cost.coverage.priced,
        usagePriced: governance.cost.coverage.usagePriced,
        unpriced: governance.cost.coverage.unpriced,
      },
      priceTableDate: governance.cost.priceTableDate,
    });
    expect(report.cost!.monthlyAfter).toBeGreaterThan(0);
  });
});
