import type { UsageFigures } from '../cost/types';
import type { PriceTable } from '../cost/prices/types';
import type { Plan, PlanResource, ResourceAction } from '../plan/types';
import type { AttributePath, AttributeValue } from '../plan/values';

export { SEVERITIES, SEVERITY_RANK, VERDICTS } from './vocabulary';
export type { Severity, Verdict } from './vocabulary';
import type { Severity, Verdict } from './vocabulary';

/**
 * What a rule is about: a cloud's resources, or `terraform` for Terraform's
 * own constructs (data sources, provisioners), whatever the cloud.
 */
export type CloudProvider = 'aws' | 'google' | 'azurerm' | 'terraform';

export interface RuleReferences {
  /** Checkov check ids, e.g. `CKV_AWS_21`. */
  checkov: string[];
  /** CIS Benchmark controls, e.g. `CIS AWS Foundations v1.5.0 2.1.1`. */
  cis: string[];
  /** Further reading (provider documentation). */
  docs: string[];
}

/** What a rule is, independent of how it checks. */
export interface RuleMetadata {
  /** Stable id, e.g. `GW-AWS-004`. Never reused for a different check. */
  id: string;
  title: string;
  severity: Severity;
  provider: CloudProvider;
  /** Resource types the rule evaluates (`plan` rules list what they look for). */
  resourceTypes: string[];
  rationale: string;
  remediation: {
    text: string;
    /** A Terraform snippet that makes the resource compliant. */
    terraform: string;
  };
  references: RuleReferences;
  /**
   * Production-only rules are `not-applicable` in other environments unless
   * the policy file enables them there.
   */
  productionOnly: boolean;
}

/**
 * What acting on a finding would save, priced from the same table as the
 * cost estimate. `basis` says how the figure was reached (sizes, unit
 * prices, region) so a reader can check it.
 */
export interface Saving {
  monthly: number;
  currency: 'USD';
  basis: string;
}

/** A rule's answer before waivers and environment overrides are applied. */
export interface RuleOutcome {
  verdict: Exclude<Verdict, 'waived'>;
  message: string;
  /** FinOps rules: the monthly saving of the change the message asks for. */
  saving?: Saving;
}

/** The environment as the rules see it, after the policy file is applied. */
export interface EvaluationEnvironment {
  name: string;
  production: boolean;
  requiredTags: string[];
}

export interface RuleContext {
  plan: Plan;
  environment: EvaluationEnvironment;
  /** Reads a planned attribute: known, unknown, or left to the provider default. */
  read(resource: PlanResource, path: AttributePath): AttributeValue;
  /** The price table the cost estimate uses (shipped table plus overrides). */
  prices?: PriceTable;
  /** Usage figures of a resource from the usage file, when one was given. */
  usage?(resource: PlanResource): UsageFigures | undefined;
}

/** A rule that judges each resource of its types. */
export interface ResourceRule extends RuleMetadata {
  kind: 'resource';
  check(resource: PlanResource, ctx: RuleContext): RuleOutcome;
}

/** A subject of a plan-level rule that is not a resource (e.g. a variable). */
export interface PlanSubjectOutcome extends RuleOutcome {
  address: string;
  resourceType: string;
  action?: ResourceAction;
}

/** A rule that looks at the plan as a whole (budgets, variables). */
export interface PlanRule extends RuleMetadata {
  kind: 'plan';
  checkPlan(ctx: RuleContext): PlanSubjectOutcome[];
}

export type Rule = ResourceRule | PlanRule;

/** A time-limited exception to a rule for matching resources. */
export interface Waiver {
  /** Rule id the waiver applies to. */
  rule: string;
  /** Resource address pattern; `*` matches any run of characters. */
  resource: string;
  reason: string;
  owner: string;
  /** Last day (inclusive, UTC) on which the waiver applies: `YYYY-MM-DD`. */
  expires: string;
  /**
   * The instant it ends (ISO 8601), when it ends before the end of its
   * `expires` day: a waiver approved by request ends when the request does,
   * not at midnight. Set by code (the terraform:apply gate), not in policy files.
   */
  until?: string;
  /** Environments the waiver applies to; all when omitted. */
  environments?: string[];
}

/** The waiver that matched a finding, and whether it still holds. */
export interface AppliedWaiver extends Waiver {
  expired: boolean;
}

/** One rule's verdict on one resource, after environment and waivers. */
export interface Finding {
  ruleId: string;
  title: string;
  address: string;
  resourceType: string;
  verdict: Verdict;
  /** Severity in this environment (after policy re-rating). */
  severity: Severity;
  message: string;
  provider: CloudProvider;
  /** What the plan does to the resource; undefined for non-resource subjects. */
  action?: ResourceAction;
  /** Verdict before a waiver turned it into `waived`. */
  waivedVerdict?: Exclude<Verdict, 'waived'>;
  waiver?: AppliedWaiver;
  /** FinOps findings: what the change would save per month. */
  saving?: Saving;
}

export interface EvaluationSummary {
  environment: string;
  production: boolean;
  /** Failures at or above this severity block. */
  threshold: Severity;
  /** Whether unknown verdicts at or above the threshold block too. */
  unknownBlocks: boolean;
  blocking: boolean;
  /** Findings that block (failures at or above the threshold). */
  blockingFindings: number;
  failed: Record<Severity, number>;
  warned: number;
  unknown: number;
  waived: number;
  passed: number;
  notApplicable: number;
  /** Waivers that matched but had expired. */
  expiredWaivers: number;
  /** 100 minus weighted failures; see complianceScore. */
  score: number;
  /** Sum of the monthly savings of findings that are not waived (USD). */
  monthlySavings: number;
}

export interface Evaluation {
  findings: Finding[];
  summary: EvaluationSummary;
}
