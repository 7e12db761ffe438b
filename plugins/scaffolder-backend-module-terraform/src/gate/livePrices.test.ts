import {
  loadPolicyFile,
  parsePlan,
  PriceSnapshot,
} from '@groundwork/governance';
import fs from 'node:fs';
import path from 'node:path';
import { decide } from './gate';

const examples = path.resolve(__dirname, '../../../../examples/plans');

describe('the gate with live prices', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const plan = parsePlan(
    fs.readFileSync(path.join(examples, 'recommendations-api/dev.tfplan.json')),
  );
  const gate = async (priceSnapshots?: PriceSnapshot[]) =>
    decide({
      plan,
      environment: 'dev',
      policy: await loadPolicyFile(path.join(examples, 'governance.yaml')),
      currency: 'USD',
      budgetAction: 'warn',
      priceSnapshots,
      now,
    });
  const instanceLines = (d: Awaited<ReturnType<typeof gate>>) =>
    d.governance.cost.resources.filter(r => r.resourceType === 'aws_instance');

  it('estimates with the newest snapshot and names it, with its age', async () => {
    const shipped = await gate();
    const region = instanceLines(shipped)[0].region!;
    const live = await gate([
      {
        provider: 'aws',
        regions: [region],
        fetchedAt: '2026-12-01T00:00:00.000Z',
        source: 'aws-price-list-api',
        overrides: { aws: { [region]: { ec2: { 'm5.large': 9 } } } },
      },
      {
        provider: 'aws',
        regions: [region],
        fetchedAt: '2026-12-05T06:00:00.000Z',
        source: 'aws-price-list-api',
        overrides: { aws: { [region]: { ec2: { 'm5.large': 1 } } } },
      },
    ]);
    expect(instanceLines(live)[0].components[0].unitPrice).toBe(1);
    expect(live.governance.cost.prices.sources[0]).toMatchObject({
      provider: 'aws',
      kind: 'live',
      date: '2026-12-05',
      ageDays: 2,
    });
    expect(live.prices).toBe('Prices: AWS live 2026-12-05 (2 days)');
    expect(live.budget.monthlyAfter).toBeGreaterThan(
      shipped.budget.monthlyAfter,
    );
  });

  it('falls back to the shipped table when there is no snapshot', async () => {
    const d = await gate([]);
    expect(instanceLines(d)[0].components[0].unitPrice).toBe(0.096);
    expect(d.prices).toMatch(/^Prices: AWS shipped 2025-06-01 \(554 days\)$/);
  });
});
