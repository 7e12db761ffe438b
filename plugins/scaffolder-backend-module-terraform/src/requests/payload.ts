import { InputError } from '@backstage/errors';
import type {
  BudgetRequestPayload,
  WaiverRequestPayload,
} from '@groundwork/plugin-requests-common';

/**
 * Characters a resource address pattern may hold: what Terraform addresses
 * are made of (`module.vpc.aws_subnet.private["eu-west-1a"]`) and `*`.
 * No spaces, quotes other than the index's, or control characters.
 */
const RESOURCE_PATTERN = /^[A-Za-z0-9_.\-[\]"*/:]+$/;
const RESOURCE_MAX = 300;
/** An ISO 8601 instant with its offset: a date alone is a day, not an instant. */
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Fields = Record<string, unknown>;

function fieldsOf(payload: unknown, kind: string): Fields {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InputError(`A ${kind} request's payload must be an object.`);
  }
  return payload as Fields;
}

function text(p: Fields, key: string, what: string): string {
  const v = p[key];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new InputError(`${key} is missing: give ${what}.`);
  }
  return v.trim();
}

/** An ISO instant in the future, normalised to UTC with milliseconds. */
export function futureInstant(value: unknown, now: Date): string {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value.trim())) {
    throw new InputError(
      `expiresAt ${JSON.stringify(
        value ?? null,
      )} is not an ISO 8601 instant; give a date and time with its offset, e.g. 2026-12-31T18:00:00Z.`,
    );
  }
  const at = new Date(value.trim());
  // Date rolls 2026-02-31 over into March: the calendar day must exist.
  const [y, m, d] = value.trim().slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (
    Number.isNaN(at.getTime()) ||
    day.getUTCMonth() !== m - 1 ||
    day.getUTCDate() !== d
  ) {
    throw new InputError(
      `expiresAt "${value}" is not a real date and time; check the day and month.`,
    );
  }
  if (at.getTime() <= now.getTime()) {
    throw new InputError(
      `expiresAt ${at.toISOString()} is not in the future; give when it should end, after now (${now.toISOString()}).`,
    );
  }
  return at.toISOString();
}

/** A Terraform resource address pattern a waiver may name. */
export function resourcePattern(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      'resource is missing: give the resource address the waiver covers, e.g. aws_s3_bucket.logs or module.vpc.aws_subnet.* (* matches any run of characters).',
    );
  }
  const pattern = value.trim();
  if (pattern.length > RESOURCE_MAX) {
    throw new InputError(
      `resource is ${pattern.length} characters long; a Terraform address pattern has at most ${RESOURCE_MAX}.`,
    );
  }
  if (!RESOURCE_PATTERN.test(pattern)) {
    throw new InputError(
      `resource "${pattern}" is not a Terraform address pattern: it may hold letters, digits and _ - . [ ] " / : and * (any run of characters), e.g. module.vpc.aws_subnet.private["a"].`,
    );
  }
  // A waiver is for named resources; a pattern of wildcards waives the rule
  // for everything the entity will ever deploy.
  if (!/[A-Za-z0-9]/.test(pattern.replace(/^(module|data)\.?/, ''))) {
    throw new InputError(
      `resource "${pattern}" matches every resource; name the resources the waiver is for, e.g. aws_s3_bucket.logs or module.vpc.*.`,
    );
  }
  return pattern;
}

/** A monthly budget: finite, above 0, in cents at most. */
export function monthlyBudget(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(
      `monthlyBudget ${JSON.stringify(
        value ?? null,
      )} is not a number; give the monthly budget as a number, e.g. 250 or 199.99.`,
    );
  }
  if (value <= 0) {
    throw new InputError(
      `monthlyBudget ${value} must be above 0; to stop spending, change the code instead.`,
    );
  }
  if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-6) {
    throw new InputError(
      `monthlyBudget ${value} has more than 2 decimals; give it in cents at most, e.g. ${
        Math.round(value * 100) / 100
      }.`,
    );
  }
  return Math.round(value * 100) / 100;
}

/** The fields of a waiver request, checked for shape only (not the catalog or rules). */
export function waiverFields(payload: unknown): WaiverRequestPayload {
  const p = fieldsOf(payload, 'waiver');
  return {
    entityRef: text(
      p,
      'entityRef',
      'the entity the waiver is for, e.g. component:default/ledger',
    ),
    environment: text(p, 'environment', 'the environment the waiver is for'),
    rule: text(p, 'rule', 'the rule to waive, e.g. GW-AWS-004'),
    resource: p.resource as string,
    expiresAt: p.expiresAt as string,
  };
}

/** The fields of a budget request, checked for shape only. */
export function budgetFields(payload: unknown): BudgetRequestPayload {
  const p = fieldsOf(payload, 'budget');
  return {
    entityRef: text(
      p,
      'entityRef',
      'the entity the budget is for, e.g. component:default/ledger',
    ),
    environment: text(p, 'environment', 'the environment the budget is for'),
    monthlyBudget: p.monthlyBudget as number,
    expiresAt: p.expiresAt as string,
  };
}
