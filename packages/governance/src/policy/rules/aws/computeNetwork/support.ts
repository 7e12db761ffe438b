import { readExpression } from '../../../../plan/configIndex';
import type {
  JsonObject,
  JsonValue,
  PlanResource,
} from '../../../../plan/types';
import { asObject, AttributePath, blocks } from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import { fail, pass } from '../../helpers';

export { registryDocsOf as docsOf } from '../../helpers';

/** Joins HCL lines: snippets read better as arrays in the rule files. */
export const hcl = (...lines: string[]) => lines.join('\n');

export type Presence = 'set' | 'unset' | 'hidden';

/**
 * Whether an optional attribute (an ARN, an id, a block) is given. A value
 * the configuration sets but that is only known after apply counts as set:
 * it is a reference to something this plan creates.
 */
export function presence(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
): Presence {
  const read = ctx.read(resource, path);
  if (read.state === 'unknown') return read.configured ? 'set' : 'unset';
  const v = read.value;
  if (v === null || v === '' || v === false) return 'unset';
  if (Array.isArray(v)) return v.length > 0 ? 'set' : 'unset';
  return 'set';
}

/** Pass when `path` is set, fail naming it when not. */
export function expectSet(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  label: string,
  passMessage: string,
  failMessage: string,
): RuleOutcome {
  return presence(ctx, resource, path) === 'set'
    ? pass(`${passMessage} (${label} is set).`)
    : fail(`${failMessage}: ${label} is not set.`);
}

/** The blocks of a nested block attribute, or 'hidden' when computed. */
export function blocksOf(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
): JsonObject[] | 'hidden' {
  const read = ctx.read(resource, path);
  if (read.state === 'unknown') return read.configured ? 'hidden' : [];
  return blocks(read.value);
}

/** The first block of a nested block attribute (`x[0]`), if any. */
export function firstBlock(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
): JsonObject | undefined | 'hidden' {
  const b = blocksOf(ctx, resource, path);
  return b === 'hidden' ? b : b[0];
}

/**
 * Parses a JSON document attribute (an IAM policy, ECS container
 * definitions). Undefined when unset, 'hidden' when known only after apply,
 * 'invalid' when it is not JSON.
 */
export function jsonDocument(
  ctx: RuleContext,
  resource: PlanResource,
  attribute: string,
): JsonValue | undefined | 'hidden' | 'invalid' {
  const read = ctx.read(resource, [attribute]);
  if (read.state === 'unknown') return 'hidden';
  if (read.value === null || read.value === '') return undefined;
  if (typeof read.value !== 'string') return read.value;
  try {
    return JSON.parse(read.value) as JsonValue;
  } catch {
    return 'invalid';
  }
}

/**
 * The resources an attribute's expression refers to in the configuration
 * (e.g. `aws_iam_role.task`), for comparing two attributes whose values are
 * only known after apply.
 */
export function referencesOf(
  ctx: RuleContext,
  resource: PlanResource,
  attribute: string,
): string[] {
  const expressions = ctx.plan.config.resourceOf(resource)?.expressions;
  const expr = readExpression(expressions?.[attribute]);
  return expr?.references ?? [];
}

const isObject = (v: JsonObject | undefined): v is JsonObject =>
  v !== undefined;

/** Statements of an IAM-style policy document, as objects. */
export function statementsOf(doc: JsonValue): JsonObject[] {
  const s = asObject(doc)?.Statement;
  if (Array.isArray(s)) return s.map(asObject).filter(isObject);
  const one = asObject(s);
  return one ? [one] : [];
}

/** Whether a policy statement's principal is everyone (`*` or `{AWS: "*"}`). */
export function principalIsEveryone(statement: JsonObject): boolean {
  const p = statement.Principal;
  if (p === '*') return true;
  const aws = asObject(p)?.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}
