import { governPlan, loadPolicyFile, parsePlan } from '@groundwork/governance';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  infrastructureRunReportFromGovernance,
  planSummaryOf,
} from './governanceReport';

const examples = path.resolve(__dirname, '../../../examples/plans');

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

describe('planSummaryOf', () => {
  it.each([
    '08-tfcompliance-mixed-actions-plan.json',
    '01-checkov-terragoat-tfplan.json',
  ])('counts %s by action as its resource_changes say', file => {
    const text = fs.readFileSync(planFixturePath(file), 'utf8');
    // Counted here straight from the document, not through the plan reader.
    const expected = { add: 0, change: 0, destroy: 0, replace: 0 };
    let existing = 0;
    for (const rc of JSON.parse(text).resource_changes ?? []) {
      if (rc.mode !== 'managed') continue;
      const actions = [...rc.change.actions].sort().join(',');
      if (actions === 'create') expected.add++;
      else if (actions === 'update') expected.change++;
      else if (actions === 'delete') expected.destroy++;
      else if (actions === 'create,delete') expected.replace++;
      if (actions !== 'delete') existing++;
    }
    const { summary, resourceCount } = planSummaryOf(parsePlan(text));
    expect(summary).toEqual(expected);
    expect(resourceCount).toBe(existing);
  });

  it('counts a replacement once, apart from adds and destroys', () => {
    const text = fs.readFileSync(
      planFixturePath('08-tfcompliance-mixed-actions-plan.json'),
      'utf8',
    );
    const doc = JSON.parse(text);
    const victim = doc.resource_changes.find(
      (rc: any) => rc.mode === 'managed' && rc.change.actions[0] === 'update',
    );
    victim.change.actions = ['delete', 'create'];
    const before = planSummaryOf(parsePlan(text)).summary;
    const after = planSummaryOf(parsePlan(JSON.stringify(doc))).summary;
    expect(after).toEqual({
      ...before,
      change: before.change - 1,
      replace: before.replace + 1,
    });
  });
});
