import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type {
  GroundworkEnvironments,
  InfrastructureRunReport,
} from '@groundwork/plugin-platform-status-common';
import { z } from 'zod';
import { entityRefFromPath } from '../api/parseRequest';

const text = (max: number) => z.string().max(max);
const count = z.number().int().min(0).max(1_000_000);
const money = z.number().finite().min(-1e12).max(1e12);
const isoTime = z.iso.datetime({ offset: true });
const severity = z.enum(['critical', 'high', 'medium', 'low']);
const counts = z.strictObject({
  critical: count,
  high: count,
  medium: count,
  low: count,
});

const finding = z.strictObject({
  ruleId: text(100).min(1),
  title: text(500),
  severity,
  verdict: z.enum([
    'pass',
    'fail',
    'warn',
    'not-applicable',
    'unknown',
    'waived',
  ]),
  address: text(1000),
  resourceType: text(200),
  message: text(4000),
  remediation: text(4000).optional(),
  waiver: z
    .strictObject({
      reason: text(2000),
      owner: text(255),
      expires: text(30),
      expired: z.boolean(),
    })
    .optional(),
});

function reportSchema(maxFindings: number) {
  return z.strictObject({
    entityRef: text(255).min(1),
    environment: text(63).min(1),
    runId: text(255).min(1),
    tool: z.enum(['terraform', 'tofu']),
    executor: z.enum(['cli', 'hcp']),
    result: z.enum(['applied', 'planned', 'blocked', 'failed', 'cancelled']),
    startedAt: isoTime,
    finishedAt: isoTime,
    message: text(4000).optional(),
    runUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    taskUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    summary: z.strictObject({
      add: count,
      change: count,
      destroy: count,
      replace: count,
    }),
    resourceCount: count,
    findings: z.array(finding).max(maxFindings),
    compliance: z.strictObject({
      score: z.number().min(0).max(100),
      failed: counts,
      waived: count,
      warned: count,
      unknown: count,
      passed: count,
      threshold: severity,
      blocking: z.boolean(),
    }),
    cost: z
      .strictObject({
        currency: z.string().regex(/^[A-Z]{3}$/),
        monthlyBefore: money,
        monthlyAfter: money,
        delta: money,
        coverage: z.strictObject({
          priced: count,
          usagePriced: count,
          unpriced: count,
        }),
        priceTableDate: z.iso.date().optional(),
      })
      .optional(),
  });
}

/**
 * Checks a report from `terraform:apply` and returns it with its entity ref
 * in canonical form. Throws `InputError` naming every invalid field.
 */
export function validateInfrastructureReport(
  body: unknown,
  options: { environments: GroundworkEnvironments; maxFindings: number },
): InfrastructureRunReport {
  const parsed = reportSchema(options.maxFindings).safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map(i => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    throw new InputError(
      `The infrastructure run report is invalid: ${problems}. It must follow InfrastructureRunReport from @groundwork/plugin-platform-status-common.`,
    );
  }
  const report = parsed.data as InfrastructureRunReport;
  let entityRef: string;
  try {
    if (!report.entityRef.includes(':')) throw new Error('no kind');
    // The same rules as the path of GET /entities/{kind}/{namespace}/{name}.
    entityRef = entityRefFromPath(
      parseEntityRef(report.entityRef, { defaultNamespace: 'default' }),
    );
  } catch {
    throw new InputError(
      `entityRef "${report.entityRef}" is not an entity ref; use kind:namespace/name, e.g. component:default/payments-api.`,
    );
  }
  try {
    options.environments.get(report.environment);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  if (Date.parse(report.finishedAt) < Date.parse(report.startedAt)) {
    throw new InputError(
      `finishedAt (${report.finishedAt}) is before startedAt (${report.startedAt}).`,
    );
  }
  if (Date.parse(report.finishedAt) > Date.now() + 5 * 60_000) {
    throw new InputError(
      `finishedAt (${report.finishedAt}) is in the future; check the reporting machine's clock.`,
    );
  }
  return {
    ...report,
    entityRef,
    // Stored as UTC so that times compare as text.
    startedAt: new Date(report.startedAt).toISOString(),
    finishedAt: new Date(report.finishedAt).toISOString(),
  };
}
