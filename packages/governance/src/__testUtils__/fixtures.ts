import { readFileSync } from 'fs';
import { planFixturePath } from '@groundwork/stand-in-test-utils';
import { parsePlan } from '../plan/parsePlan';
import type { Plan } from '../plan/types';

/** The real plans vendored in `@groundwork/stand-in-test-utils` (fixtures/terraform-plans). */
export const FIXTURE_FILES = [
  '01-checkov-terragoat-tfplan.json',
  '02-checkov-nested-modules-s3-pab-tfplan.json',
  '03-checkov-foreach-module-sg-tfplan.json',
  '04-infracost-example_plan.json',
  '05-infracost-terraform_v0.14_plan.json',
  '06a-infracost-instance_with_attachment_before_deploy.json',
  '06b-infracost-instance_with_attachment_after_deploy.json',
  '07-tfcompliance-vpc-module-3nat-eu-west-1-plan.json',
  '08-tfcompliance-mixed-actions-plan.json',
  '09-gcp-tfplan2cai-compute-instance-iam.tfplan.json',
  '10-infracost-azure_firewall_plan.json',
] as const;

type FixtureName = (typeof FIXTURE_FILES)[number];

export { planFixturePath as fixturePath };

export function fixtureText(name: string): string {
  return readFileSync(planFixturePath(name), 'utf8');
}

const cache = new Map<string, Plan>();

/** A parsed fixture; parsed once per test file. */
export function loadFixture(name: FixtureName): Plan {
  let plan = cache.get(name);
  if (!plan) cache.set(name, (plan = parsePlan(fixtureText(name))));
  return plan;
}

/** A fixture document to derive variants from in tests. */
export function fixtureDocument(name: FixtureName): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}
