import { UsageLookup } from '../cost/estimate';
import { checkUsage } from '../cost/mergePrices';
import type { PriceTable } from '../cost/prices/types';
import type { UsageFigures } from '../cost/types';
import { readAttribute } from '../plan/attributes';
import type { Plan, PlanResource } from '../plan/types';
import type { AttributePath, AttributeValue } from '../plan/values';
import type { PolicyFile, RuleOverride } from './policyFile';
import { compileCustomRules } from './custom/compile';
import { RULES } from './rules';
import { complianceScore } from './score';
import {
  AppliedWaiver,
  Evaluation,
  EvaluationEnvironment,
  EvaluationSummary,
  Finding,
  ResourceRule,
  Rule,
  RuleContext,
  RuleOutcome,
  Severity,
  SEVERITY_RANK,
  Waiver,
} from './types';

/** Tag keys required when the policy file sets none. */
export const DEFAULT_REQUIRED_TAGS: readonly string[] = [
  'Owner',
  'Environment',
];

/** Environment used when none is named. */
export const DEFAULT_ENVIRONMENT = 'default';

export interface EvaluateOptions {
  /** Environment name; selects the policy's environment section. */
  environment?: string;
  policy?: PolicyFile;
  /** Clock for waiver expiry (tests pin it). */
  now?: Date;
  /** Rules to run; defaults to the whole pack. */
  rules?: readonly Rule[];
  /**
   * Prices for FinOps savings: the merged table the estimate uses. FinOps
   * rules fall back to the shipped table when it is not given.
   */
  priceTable?: PriceTable;
  /** Usage figures by address, type or pattern, as for the estimate. */
  usage?: Record<string, UsageFigures>;
}

/** An environment with every default filled in. */
export interface ResolvedEnvironment extends EvaluationEnvironment {
  threshold: Severity;
  unknownBlocks: boolean;
  overrides: ReadonlyMap<string, RuleOverride>;
  waivers: Waiver[];
}

function isProductionName(name: string): boolean {
  return /^(prod|production|prd)$/i.test(name);
}

export function resolveEnvironment(
  policy: PolicyFile | undefined,
  name = DEFAULT_ENVIRONMENT,
): ResolvedEnvironment {
  const env = policy?.environments?.[name] ?? {};
  const production = env.production ?? isProductionName(name);
  const overrides = new Map<string, RuleOverride>();
  for (const [id, o] of Object.entries(policy?.rules ?? {}))
    overrides.set(id, { ...o });
  for (const [id, o] of Object.entries(env.rules ?? {}))
    overrides.set(id, { ...overrides.get(id), ...o });
  return {
    name,
    production,
    requiredTags: env.requiredTags ??
      policy?.requiredTags ?? [...DEFAULT_REQUIRED_TAGS],
    threshold: env.blockingThreshold ?? (production ? 'high' : 'critical'),
    unknownBlocks: env.unknownBlocks ?? false,
    overrides,
    waivers: (policy?.waivers ?? []).filter(
      w => !w.environments || w.environments.includes(name),
    ),
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/**
 * Whether a waiver holds at `now`: until its `until` instant (excluded)
 * when it has one, else to the end of its expiry day, UTC. An unreadable
 * `until` ends it rather than letting it hold for the whole day.
 */
function waiverHolds(waiver: Waiver, now: number): boolean {
  if (waiver.until !== undefined) return Date.parse(waiver.until) > now;
  return Date.parse(`${waiver.expires}T23:59:59.999Z`) >= now;
}

/** When a waiver ends, as its messages say it. */
function waiverEndText(waiver: Waiver): string {
  return waiver.until ?? waiver.expires;
}

class WaiverMatcher {
  private readonly byRule = new Map<
    string,
    Array<{ waiver: Waiver; re: RegExp }>
  >();

  get any(): boolean {
    return this.byRule.size > 0;
  }

  constructor(waivers: Waiver[], private readonly now: number) {
    for (const waiver of waivers) {
      const list = this.byRule.get(waiver.rule) ?? [];
      list.push({ waiver, re: globToRegExp(waiver.resource) });
      this.byRule.set(waiver.rule, list);
    }
  }

  /** A current waiver wins over an expired one, so renewals work. */
  match(ruleId: string, address: string): AppliedWaiver | undefined {
    let expired: AppliedWaiver | undefined;
    for (const { waiver, re } of this.byRule.get(ruleId) ?? []) {
      if (!re.test(address)) continue;
      if (waiverHolds(waiver, this.now)) return { ...waiver, expired: false };
      expired ??= { ...waiver, expired: true };
    }
    return expired;
  }
}

/**
 * The context rules see, as a plain object whose methods are shared
 * functions. Rules call `ctx.read` tens of thousands of times per plan, so
 * V8 optimises them for this object's hidden class and inlines `read`. A
 * literal's hidden class is kept by the literal's site, and these functions
 * live as long as the module; a closure or a class instance made per
 * evaluation would die with it, and V8 would throw that optimised code
 * away and build it again for the next plan (see the README's benchmark).
 */
interface EvaluationContext extends RuleContext {
  usageFigures: UsageLookup | undefined;
}

function readPlanned(
  this: EvaluationContext,
  resource: PlanResource,
  path: AttributePath,
): AttributeValue {
  return readAttribute(this.plan, resource, path);
}

function usageOf(
  this: EvaluationContext,
  resource: PlanResource,
): UsageFigures | undefined {
  return this.usageFigures?.get(resource.address, resource.type);
}

const NO_WAIVERS = new WaiverMatcher([], 0);

/** A resource rule with what its findings copy from it, resolved once. */
interface TypeEntry {
  rule: ResourceRule;
  here: boolean;
  id: string;
  title: string;
  provider: Rule['provider'];
  severity: Severity;
}

/** Runs the policy pack over a plan for one environment. */
export function evaluatePlan(
  plan: Plan,
  options: EvaluateOptions = {},
): Evaluation {
  const env = resolveEnvironment(options.policy, options.environment);
  const now = (options.now ?? new Date()).getTime();
  const waivers =
    env.waivers.length > 0 ? new WaiverMatcher(env.waivers, now) : NO_WAIVERS;
  const ctx: EvaluationContext = {
    plan,
    environment: {
      name: env.name,
      production: env.production,
      requiredTags: env.requiredTags,
    },
    prices: options.priceTable,
    usageFigures: options.usage
      ? new UsageLookup(checkUsage(options.usage))
      : undefined,
    read: readPlanned,
    usage: usageOf,
  };

  const custom = compileCustomRules(options.policy?.customRules);
  const base = options.rules ?? RULES;
  const active = (custom.length > 0 ? [...base, ...custom] : base).filter(
    r => env.overrides.get(r.id)?.enabled !== false,
  );
  // Per-rule settings are resolved once, and rules grouped by resource
  // type, so that each resource costs one map lookup and its rules' checks.
  const severityOf = new Map<Rule, Severity>();
  const byType = new Map<string, TypeEntry[]>();
  for (const rule of active) {
    const severity = env.overrides.get(rule.id)?.severity ?? rule.severity;
    severityOf.set(rule, severity);
    if (rule.kind !== 'resource') continue;
    const entry: TypeEntry = {
      rule,
      here: isEnabledHere(rule, env),
      id: rule.id,
      title: rule.title,
      provider: rule.provider,
      severity,
    };
    for (const type of rule.resourceTypes) {
      const list = byType.get(type);
      if (list) list.push(entry);
      else byType.set(type, [entry]);
    }
  }

  const findings: Finding[] = [];
  const record = (
    rule: Rule,
    severity: Severity,
    address: string,
    resourceType: string,
    outcome: RuleOutcome,
    action: PlanResource['action'] | undefined,
  ) => {
    const finding: Finding = {
      ruleId: rule.id,
      title: rule.title,
      address,
      resourceType,
      verdict: outcome.verdict,
      severity,
      message: outcome.message,
      provider: rule.provider,
      action,
    };
    if (
      waivers.any &&
      (outcome.verdict === 'fail' ||
        outcome.verdict === 'warn' ||
        outcome.verdict === 'unknown')
    ) {
      const waiver = waivers.match(rule.id, address);
      if (waiver && !waiver.expired) {
        finding.waivedVerdict = outcome.verdict;
        finding.verdict = 'waived';
        finding.message = `${outcome.message} Waived until ${waiverEndText(
          waiver,
        )} by ${waiver.owner}: ${waiver.reason}`;
      } else if (waiver) {
        finding.message = `${outcome.message} (A waiver by ${
          waiver.owner
        } expired on ${waiverEndText(waiver)} and no longer applies.)`;
      }
      if (waiver) finding.waiver = waiver;
    }
    if (outcome.saving !== undefined) finding.saving = outcome.saving;
    findings.push(finding);
  };

  const notHereOutcome = notHere(env);
  // Index loops: these run once per evaluation over every resource, and
  // for...of would allocate an iterator result per step until optimised.
  const resources = plan.resources;
  for (let i = 0; i < resources.length; i++) {
    const resource = resources[i];
    // Destroyed resources and data sources cannot break policy after apply.
    if (resource.mode !== 'managed' || resource.action === 'delete') continue;
    const rules = byType.get(resource.type);
    if (!rules) continue;
    const address = resource.address;
    const type = resource.type;
    const action = resource.action;
    for (let j = 0; j < rules.length; j++) {
      const entry = rules[j];
      const outcome = entry.here
        ? runSafely(entry.rule, resource, ctx)
        : notHereOutcome;
      if (waivers.any || outcome.saving !== undefined) {
        record(entry.rule, entry.severity, address, type, outcome, action);
        continue;
      }
      // The common case (no waiver, no saving), written out: one finding per
      // rule and resource, tens of thousands per plan, all of one shape.
      findings.push({
        ruleId: entry.id,
        title: entry.title,
        address,
        resourceType: type,
        verdict: outcome.verdict,
        severity: entry.severity,
        message: outcome.message,
        provider: entry.provider,
        action,
      });
    }
  }
  for (const rule of active) {
    if (rule.kind !== 'plan' || !isEnabledHere(rule, env)) continue;
    let outcomes;
    try {
      outcomes = rule.checkPlan(ctx);
    } catch (e) {
      outcomes = [
        {
          address: '(plan)',
          resourceType: rule.resourceTypes[0],
          ...ruleError(e),
        },
      ];
    }
    for (const o of outcomes) {
      record(
        rule,
        severityOf.get(rule)!,
        o.address,
        o.resourceType,
        o,
        o.action,
      );
    }
  }
  return { findings, summary: summarize(findings, env) };
}

function isEnabledHere(rule: Rule, env: ResolvedEnvironment): boolean {
  return (
    !rule.productionOnly ||
    env.production ||
    env.overrides.get(rule.id)?.enabled === true
  );
}

function ruleError(e: unknown): RuleOutcome {
  return {
    verdict: 'unknown',
    message: `The rule could not evaluate this resource (${
      (e as Error).message
    }); treat it as unchecked.`,
  };
}

function notHere(env: ResolvedEnvironment): RuleOutcome {
  return {
    verdict: 'not-applicable',
    message: `Production-only rule; ${env.name} is not a production environment.`,
  };
}

/** A rule that throws must not take the evaluation down, nor pass silently. */
function runSafely(
  rule: ResourceRule,
  resource: PlanResource,
  ctx: RuleContext,
): RuleOutcome {
  try {
    return rule.check(resource, ctx);
  } catch (e) {
    return ruleError(e);
  }
}

/** Whether a finding blocks in an environment with this threshold. */
export function isBlocking(
  finding: Finding,
  threshold: Severity,
  unknownBlocks = false,
): boolean {
  const severe = SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[threshold];
  return (
    severe &&
    (finding.verdict === 'fail' ||
      (unknownBlocks && finding.verdict === 'unknown'))
  );
}

function summarize(
  findings: Finding[],
  env: ResolvedEnvironment,
): EvaluationSummary {
  const failed: Record<Severity, number> = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
  };
  const summary: EvaluationSummary = {
    environment: env.name,
    production: env.production,
    threshold: env.threshold,
    unknownBlocks: env.unknownBlocks,
    blocking: false,
    blockingFindings: 0,
    failed,
    warned: 0,
    unknown: 0,
    waived: 0,
    passed: 0,
    notApplicable: 0,
    expiredWaivers: 0,
    score: complianceScore(findings),
    monthlySavings: 0,
  };
  let savings = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (f.verdict === 'fail') failed[f.severity]++;
    else if (f.verdict === 'warn') summary.warned++;
    else if (f.verdict === 'unknown') summary.unknown++;
    else if (f.verdict === 'waived') summary.waived++;
    else if (f.verdict === 'pass') summary.passed++;
    else summary.notApplicable++;
    if (f.waiver?.expired) summary.expiredWaivers++;
    if (f.saving !== undefined && f.verdict !== 'waived')
      savings += f.saving.monthly;
    if (isBlocking(f, env.threshold, env.unknownBlocks))
      summary.blockingFindings++;
  }
  summary.blocking = summary.blockingFindings > 0;
  // Cents: a sum of many float figures should not print as 10.000000001.
  summary.monthlySavings = Math.round(savings * 100) / 100;
  return summary;
}
