import type { Severity } from '../vocabulary';

/** A scalar a condition compares with. */
export type Scalar = string | number | boolean | null;

/**
 * A condition on one attribute: exactly one operator. `attribute` is a
 * dotted path (`versioning.0.enabled`, `tags.Owner`); numbers step into lists.
 */
export interface AttributeCondition {
  attribute: string;
  exists?: boolean;
  equals?: Scalar;
  notEquals?: Scalar;
  in?: Scalar[];
  notIn?: Scalar[];
  /** `*` matches any run of characters, `?` one character; no regular expressions. */
  matches?: string;
  /** A list holds the value, or a string contains it. */
  contains?: Scalar;
  greaterThan?: number;
  greaterThanOrEqual?: number;
  lessThan?: number;
  lessThanOrEqual?: number;
  /**
   * The provider's default, judged when the configuration leaves the
   * attribute out and the plan shows it only after apply.
   */
  default?: Scalar;
}

/** Resources of `type` whose `attribute` points at the judged resource. */
export interface ReferencedByCondition {
  referencedBy: {
    type: string;
    attribute: string;
    where?: Condition;
    /** At least this many such resources (default 1). */
    min?: number;
    max?: number;
  };
}

/** What the judged resource's `attribute` points at. */
export interface ReferencesCondition {
  references: {
    attribute: string;
    where?: Condition;
    min?: number;
    max?: number;
  };
}

export type Condition =
  | AttributeCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | ReferencedByCondition
  | ReferencesCondition;

/** A team's rule, written as data in the policy file (`customRules`). */
export interface CustomRuleSpec {
  /** `TEAM-001`: a prefix of the team's own; `GW-` is reserved for the pack. */
  id: string;
  title: string;
  severity: Severity;
  resourceTypes: string[];
  /** Which resources the rule is about; the others are not-applicable. */
  where?: Condition;
  /** What a compliant resource satisfies. */
  assert: Condition;
  /** Said when the assertion fails; the failing condition is appended. */
  message?: string;
  rationale?: string;
  remediation?: { text: string; terraform?: string };
  references?: { checkov?: string[]; cis?: string[]; docs?: string[] };
  productionOnly?: boolean;
}

export const ATTRIBUTE_OPERATORS = [
  'exists',
  'equals',
  'notEquals',
  'in',
  'notIn',
  'matches',
  'contains',
  'greaterThan',
  'greaterThanOrEqual',
  'lessThan',
  'lessThanOrEqual',
] as const;
