import type {
  JsonObject,
  JsonValue,
  PlanResource,
} from '../../../../plan/types';
import { parsePolicyJson } from '../../policyJson';
import {
  asObject,
  asStringList,
  blocks,
  isUnset,
} from '../../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../../types';
import {
  expectAttribute,
  pass,
  hiddenUntilApply,
  unknown,
  warn,
} from '../../helpers';

export { registryDocsOf as tfDoc } from '../../helpers';

/**
 * A reference (key id, ARN, name) must be set. Unset and computed means the
 * provider leaves it empty, so it fails as the provider default. Set in the
 * configuration but known only after apply (`kms_key_id =
 * aws_kms_key.logs.arn`, the usual way to name a key the same apply
 * creates) means it is set.
 */
export function expectSet(
  ctx: RuleContext,
  resource: PlanResource,
  path: Array<string | number>,
  label: string,
  passMessage: string,
  failMessage: string,
): RuleOutcome {
  const read = ctx.read(resource, path);
  if (read.state === 'unknown' && read.configured)
    return pass(
      `${passMessage} (${label} is set from a value known only after apply)`,
    );
  return expectAttribute(ctx, resource, path, {
    label,
    compliant: v => !isUnset(v),
    passMessage,
    failMessage,
    providerDefault: null,
  });
}

/** One statement of an IAM-style policy, normalised once. */
export interface PolicyStatement {
  allow: boolean;
  /** Action patterns; with `notAction`, the patterns the statement excludes. */
  actions: string[];
  notAction: boolean;
  /** Resource is "*" or the statement uses NotResource. */
  everyResource: boolean;
  /** Principal is "*" or AWS "*". */
  anyPrincipal: boolean;
  awsPrincipals: string[];
  servicePrincipals: string[];
  federatedPrincipals: string[];
  condition: JsonObject | undefined;
}

export type ParsedPolicy =
  | { state: 'parsed'; statements: PolicyStatement[] }
  | { state: 'absent' }
  | { state: 'hidden' }
  | { state: 'invalid' };

function statementOf(s: JsonObject): PolicyStatement {
  const principal = s.Principal;
  const p = asObject(principal);
  const awsPrincipals = asStringList(p?.AWS);
  const resources = asStringList(s.Resource);
  const condition = asObject(s.Condition);
  return {
    allow: s.Effect === 'Allow',
    actions: asStringList(s.Action ?? s.NotAction),
    notAction: s.Action === undefined && s.NotAction !== undefined,
    everyResource:
      resources.includes('*') ||
      (s.Resource === undefined && s.NotResource !== undefined),
    anyPrincipal: principal === '*' || awsPrincipals.includes('*'),
    awsPrincipals,
    servicePrincipals: asStringList(p?.Service),
    federatedPrincipals: asStringList(p?.Federated),
    condition:
      condition && Object.keys(condition).length > 0 ? condition : undefined,
  };
}

// Policies are JSON text in the plan; each is parsed once per resource and
// attribute however many rules read it.
const parsedPolicies = new WeakMap<PlanResource, Map<string, ParsedPolicy>>();

/** The policy JSON held in `attr` of a resource, parsed and normalised. */
export function readPolicy(
  resource: PlanResource,
  ctx: RuleContext,
  attr: string,
): ParsedPolicy {
  let byAttr = parsedPolicies.get(resource);
  const cached = byAttr?.get(attr);
  if (cached) return cached;
  const parsed = parsePolicy(resource, ctx, attr);
  if (!byAttr) {
    byAttr = new Map();
    parsedPolicies.set(resource, byAttr);
  }
  byAttr.set(attr, parsed);
  return parsed;
}

/** Bounds the text cache; a plan past it only parses some texts twice. */
const MAX_PARSED_TEXTS = 1024;
const parsedTexts = new Map<string, ParsedPolicy>();

function parsePolicy(
  resource: PlanResource,
  ctx: RuleContext,
  attr: string,
): ParsedPolicy {
  const read = ctx.read(resource, [attr]);
  if (read.state === 'unknown')
    return read.configured ? { state: 'hidden' } : { state: 'absent' };
  const value = read.value;
  if (isUnset(value)) return { state: 'absent' };
  if (typeof value !== 'string') return statementsOf(value);
  // Modules repeat the same policy text on many resources: parse it once.
  let parsed = parsedTexts.get(value);
  if (!parsed) {
    parsed = statementsOf(parsePolicyJson(value) ?? null);
    if (parsedTexts.size >= MAX_PARSED_TEXTS) parsedTexts.clear();
    parsedTexts.set(value, parsed);
  }
  return parsed;
}

function statementsOf(doc: JsonValue): ParsedPolicy {
  const statement = asObject(doc)?.Statement;
  if (statement === undefined) return { state: 'invalid' };
  return { state: 'parsed', statements: blocks(statement).map(statementOf) };
}

/**
 * The verdict for a policy that could not be read, or undefined when the
 * statements are there to judge.
 */
export function unreadablePolicy(
  policy: ParsedPolicy,
  attr: string,
): RuleOutcome | undefined {
  if (policy.state === 'hidden')
    return hiddenUntilApply(`The policy (${attr})`);
  if (policy.state === 'invalid')
    return warn(
      `${attr} is not a JSON policy with a Statement, so it could not be checked.`,
    );
  return undefined;
}

const compiled = new Map<string, RegExp>();

/** An IAM action pattern (`iam:Put*`, `s3:Get?bject`) as a safe matcher. */
function patternOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    // The pattern is user text: escape everything, then restore IAM's two wildcards.
    const escaped = pattern
      .replace(/[.+^${}()|[\]\\*?]/g, c => `\\${c}`)
      .replace(/\\\*/g, '.*')
      .replace(/\\\?/g, '.');
    re = new RegExp(`^${escaped}$`, 'i');
    compiled.set(pattern, re);
  }
  return re;
}

/** Each action list by lowercase name, built once per list. */
const listsByName = new WeakMap<readonly string[], Map<string, string>>();

function byName(actions: readonly string[]): Map<string, string> {
  let map = listsByName.get(actions);
  if (!map) {
    map = new Map(actions.map(a => [a.toLowerCase(), a]));
    listsByName.set(actions, map);
  }
  return map;
}

const WILDCARD = /[*?]/;

/**
 * Which of `actions` (exact names) a statement allows. Most patterns are
 * plain action names, looked up directly; only wildcard patterns are
 * matched against the list.
 */
export function allowedOf(
  s: PolicyStatement,
  actions: readonly string[],
): string[] {
  const names = byName(actions);
  const matched = new Set<string>();
  for (const pattern of s.actions) {
    if (!WILDCARD.test(pattern)) {
      const action = names.get(pattern.toLowerCase());
      if (action) matched.add(action);
      continue;
    }
    const re = patternOf(pattern);
    for (const action of actions) if (re.test(action)) matched.add(action);
  }
  return actions.filter(a => matched.has(a) !== s.notAction);
}

/** Allow statements on every resource with no condition to narrow them. */
export function unconstrainedAllows(
  statements: PolicyStatement[],
): PolicyStatement[] {
  return statements.filter(s => s.allow && s.everyResource && !s.condition);
}

/** An outcome for a document whose text could not be judged at all. */
export const emptyPolicy = (attr: string) =>
  unknown(`${attr} is empty in the plan, so it could not be checked.`);

interface ValueExpectation {
  /** Attribute path for messages, e.g. `logs.audit`. */
  label: string;
  compliant: (value: JsonValue) => boolean;
  /** The provider's value when the attribute (or its block) is left out. */
  providerDefault: JsonValue;
  passMessage: string;
  failMessage: string;
}

/**
 * Like expectAttribute, but a nested attribute whose block is absent (read
 * as null) is judged by the provider default too, since the provider fills
 * it in the same way.
 */
export function expectValue(
  ctx: RuleContext,
  resource: PlanResource,
  path: Array<string | number>,
  spec: ValueExpectation,
): RuleOutcome {
  const read = ctx.read(resource, path);
  if (read.state === 'known' && read.value !== null)
    return spec.compliant(read.value)
      ? { verdict: 'pass', message: spec.passMessage }
      : { verdict: 'fail', message: spec.failMessage };
  if (read.state === 'unknown' && read.configured)
    return hiddenUntilApply(spec.label);
  return spec.compliant(spec.providerDefault)
    ? { verdict: 'pass', message: `${spec.passMessage} (provider default)` }
    : {
        verdict: 'fail',
        message: `${spec.failMessage} (${spec.label} is not set; the provider default applies)`,
      };
}

export const isTrueValue = (v: JsonValue) => v === true || v === 'true';
