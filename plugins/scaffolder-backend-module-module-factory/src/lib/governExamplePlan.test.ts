import fs from 'node:fs';
import path from 'node:path';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import { governExamplePlan } from './governExamplePlan';

const keyPlan = fs.readFileSync(
  path.join(
    __dirname,
    '..',
    '__fixtures__',
    'key-module',
    'examples',
    'basic',
    'plan.json',
  ),
);

describe('governExamplePlan', () => {
  it('passes a compliant plan in every environment, with its cost', () => {
    const verdicts = governExamplePlan(keyPlan, [
      { name: 'dev', production: false },
      { name: 'prod', production: true },
    ]);
    expect(verdicts.map(v => [v.environment, v.threshold, v.blocking])).toEqual(
      [
        ['dev', 'critical', false],
        ['prod', 'high', false],
      ],
    );
    expect(verdicts[0].monthlyCost).toBe(1); // one KMS key
    expect(verdicts[1].blockingFindings).toEqual([]);
  });

  it('blocks a real plan with critical findings and names the rules (fixture: Checkov TerraGoat)', () => {
    const plan = fs.readFileSync(
      planFixturePath('01-checkov-terragoat-tfplan.json'),
    );
    const [dev] = governExamplePlan(plan, [{ name: 'dev', production: false }]);
    expect(dev.blocking).toBe(true);
    expect(dev.blockingFindings.length).toBeGreaterThan(0);
    expect(dev.blockingFindings.every(f => f.severity === 'critical')).toBe(
      true,
    );
    expect(dev.blockingFindings.map(f => f.ruleId)).toContain('GW-AWS-002');
  });

  it('takes the production flag from groundwork.environments, not the name', () => {
    const plan = fs.readFileSync(
      planFixturePath('01-checkov-terragoat-tfplan.json'),
    );
    const [live, sandbox] = governExamplePlan(plan, [
      { name: 'live', production: true },
      { name: 'sandbox', production: false },
    ]);
    expect(live).toMatchObject({ production: true, threshold: 'high' });
    expect(sandbox).toMatchObject({ production: false, threshold: 'critical' });
    // High-severity failures block only where production thresholds apply.
    expect(live.blockingFindings.length).toBeGreaterThan(
      sandbox.blockingFindings.length,
    );
  });

  it('refuses what is not a plan with a sentence saying how to make one', () => {
    expect(() =>
      governExamplePlan('{"hello": "world"}', [
        { name: 'dev', production: false },
      ]),
    ).toThrow(/terraform show -json/);
  });
});
