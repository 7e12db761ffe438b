import { readFileSync } from 'fs';
import { resolve } from 'path';
import { loadFixture } from '../__testUtils__/fixtures';
import { estimateCost } from './estimate';
import { parseInfracostUsage } from './usage/infracost';

/*
 * Groundwork's estimate of the shared real plans, held to what Infracost
 * published for the same plans (its golden test outputs, vendored in
 * __fixtures__/infracost with their licence). Infracost's tests price on a
 * fixed day, 2025-06-01 (cmd/infracost/cmd_test.go sets aws.Today), which
 * is also this price table's date; the estimate is made for that day.
 */
const AT = new Date('2025-06-01T00:00:00Z');
const dir = resolve(__dirname, '__fixtures__/infracost');
const read = (name: string) => readFileSync(resolve(dir, name), 'utf8');

/** Per resource, the sum of the monthly costs Infracost's table lists. */
function infracostTable(name: string): Map<string, number> {
  const out = new Map<string, number>();
  let current: string | undefined;
  for (const line of read(name).split('\n')) {
    if (line.startsWith(' OVERALL TOTAL')) break;
    const header = /^ ([a-z][^\s]*)\s*$/.exec(line);
    if (header) {
      current = header[1];
      out.set(current, 0);
      continue;
    }
    const cost = /\$([\d,]+\.\d\d)\s*\*?\s*$/.exec(line);
    if (cost && current)
      out.set(current, out.get(current)! + Number(cost[1].replace(/,/g, '')));
  }
  return out;
}

const within = (ours: number, theirs: number) =>
  theirs === 0 ? ours === 0 : Math.abs(ours - theirs) / theirs <= 0.05;

describe('estimates next to Infracost', () => {
  it.each([
    [
      '04-infracost-example_plan.json',
      'breakdown_terraform_plan_json.golden',
      'example_usage.yml',
      3,
    ],
    [
      '05-infracost-terraform_v0.14_plan.json',
      'breakdown_terraform_v0_14.golden',
      undefined,
      14,
    ],
    [
      '06a-infracost-instance_with_attachment_before_deploy.json',
      'instance_with_attachment_before_deploy.golden',
      undefined,
      2,
    ],
    [
      '06b-infracost-instance_with_attachment_after_deploy.json',
      'instance_with_attachment_after_deploy.golden',
      undefined,
      2,
    ],
  ] as const)(
    '%s: every resource Infracost prices is within 5 %%',
    (plan, golden, usageFile, resources) => {
      const usage = usageFile
        ? parseInfracostUsage(read(usageFile))
        : undefined;
      expect(usage?.warnings ?? []).toEqual([]);
      const estimate = estimateCost(loadFixture(plan), {
        now: AT,
        usage: usage?.usage,
      });
      const theirs = infracostTable(golden);
      expect(theirs.size).toBe(resources);
      const apart = [...theirs].flatMap(([address, monthly]) => {
        const ours = estimate.resources.find(r => r.address === address);
        return ours && within(ours.monthlyAfter, monthly)
          ? []
          : [`${address}: Infracost ${monthly}, ours ${ours?.monthlyAfter}`];
      });
      expect(apart).toEqual([]);
    },
  );

  it('prices the old MySQL of the v0.14 plan with its Extended Support, as Infracost does', () => {
    const estimate = estimateCost(
      loadFixture('05-infracost-terraform_v0.14_plan.json'),
      { now: AT },
    );
    const db = estimate.resources.find(r =>
      r.address.startsWith('module.db.module.db_1'),
    )!;
    // db.t3.micro: 2 vCPUs × 730 h × $0.100 (MySQL 5.7, years 1-2) = $146.00
    expect(db.components.map(c => [c.name, c.monthly])).toContainEqual([
      'Extended Support (mysql 5.7, year1-2, 2 vCPUs)',
      146,
    ]);
    // From March 2026 MySQL 5.7 is in its third year: $0.200.
    const later = estimateCost(
      loadFixture('05-infracost-terraform_v0.14_plan.json'),
      { now: new Date('2026-12-07T00:00:00Z') },
    ).resources.find(r => r.address === db.address)!;
    expect(later.monthlyAfter - db.monthlyAfter).toBeCloseTo(146, 2);
  });

  it('differs from the recorded Azure Firewall output only where that output contradicts Azure', () => {
    const recorded = JSON.parse(read('azure_firewall_out.json')) as {
      projects: Array<{
        breakdown: {
          resources: Array<{ name: string; monthlyCost: string | null }>;
        };
      }>;
    };
    const theirs = new Map(
      recorded.projects[0].breakdown.resources.map(r => [
        r.name,
        Number(r.monthlyCost),
      ]),
    );
    const estimate = estimateCost(
      loadFixture('10-infracost-azure_firewall_plan.json'),
      { now: AT },
    );
    const ours = (address: string) =>
      estimate.resources.find(r => r.address === address)!.monthlyAfter;
    for (const address of [
      'azurerm_firewall.non_usage',
      'azurerm_firewall.standard',
      'azurerm_firewall.standard_virtual_hub',
      'azurerm_public_ip.example',
    ])
      expect(within(ours(address), theirs.get(address)!)).toBe(true);
    // Infracost's 2023 recording prices Premium at $0.875/h, below Standard;
    // Azure's price page lists Premium at $1.75 a deployment-hour.
    for (const address of [
      'azurerm_firewall.premium',
      'azurerm_firewall.premium_virtual_hub',
    ]) {
      expect(theirs.get(address)).toBeCloseTo(0.875 * 730, 2);
      expect(ours(address)).toBeCloseTo(1.75 * 730, 2);
    }
  });
});
