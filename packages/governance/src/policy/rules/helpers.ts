import type { PlanResource, JsonValue } from '../../plan/types';
import type { AttributePath } from '../../plan/values';
import type {
  CloudProvider,
  PlanRule,
  ResourceRule,
  RuleContext,
  RuleMetadata,
  RuleOutcome,
  RuleReferences,
} from '../types';

export const pass = (message: string): RuleOutcome => ({
  verdict: 'pass',
  message,
});
export const fail = (message: string): RuleOutcome => ({
  verdict: 'fail',
  message,
});
export const warn = (message: string): RuleOutcome => ({
  verdict: 'warn',
  message,
});
export const notApplicable = (message: string): RuleOutcome => ({
  verdict: 'not-applicable',
  message,
});
export const unknown = (message: string): RuleOutcome => ({
  verdict: 'unknown',
  message,
});

export const hiddenUntilApply = (what: string) =>
  unknown(
    `${what} is only known after apply, so compliance cannot be confirmed from the plan.`,
  );

type MetadataInput = Omit<
  RuleMetadata,
  'references' | 'productionOnly' | 'provider'
> & {
  references?: Partial<RuleReferences>;
  productionOnly?: boolean;
};

function providerOf(id: string): CloudProvider {
  if (id.startsWith('GW-GCP-')) return 'google';
  if (id.startsWith('GW-AZ-')) return 'azurerm';
  if (id.startsWith('GW-TF-')) return 'terraform';
  return 'aws';
}

function metadata(input: MetadataInput): RuleMetadata {
  return {
    ...input,
    provider: providerOf(input.id),
    productionOnly: input.productionOnly ?? false,
    references: {
      checkov: input.references?.checkov ?? [],
      cis: input.references?.cis ?? [],
      docs: input.references?.docs ?? [],
    },
  };
}

/** Declares a rule that judges each resource of `resourceTypes`. */
export function resourceRule(
  input: MetadataInput,
  check: (resource: PlanResource, ctx: RuleContext) => RuleOutcome,
): ResourceRule {
  return { ...metadata(input), kind: 'resource', check };
}

/** Declares a rule that looks at the plan as a whole. */
export function planRule(
  input: MetadataInput,
  checkPlan: PlanRule['checkPlan'],
): PlanRule {
  return { ...metadata(input), kind: 'plan', checkPlan };
}

interface AttributeExpectation {
  /** Label used in messages, e.g. `storage_encrypted`. */
  label: string;
  compliant: (value: JsonValue) => boolean;
  passMessage: string;
  failMessage: string;
  /**
   * The value the provider uses when the configuration leaves the
   * attribute out and the plan shows it as computed. Without it, such a
   * value is `unknown`.
   */
  providerDefault?: JsonValue;
}

/**
 * The common shape of single-attribute rules: known values are judged,
 * values hidden until apply are `unknown`, and unset computed values are
 * judged by the provider's documented default.
 */
export function expectAttribute(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  spec: AttributeExpectation,
): RuleOutcome {
  const read = ctx.read(resource, path);
  if (read.state === 'known') {
    return spec.compliant(read.value)
      ? pass(spec.passMessage)
      : fail(spec.failMessage);
  }
  if (!read.configured && spec.providerDefault !== undefined) {
    return spec.compliant(spec.providerDefault)
      ? pass(`${spec.passMessage} (provider default)`)
      : fail(
          `${spec.failMessage} (${spec.label} is not set; the provider default applies)`,
        );
  }
  return hiddenUntilApply(spec.label);
}

export const isTrue = (v: JsonValue) => v === true || v === 'true';
export const isFalse = (v: JsonValue) => v === false || v === 'false';

/** `metadata_options.http_tokens` for `['metadata_options', 0, 'http_tokens']`. */
export function labelOf(path: AttributePath): string {
  if (path.length === 1) return String(path[0]);
  let label = '';
  for (const step of path)
    if (typeof step === 'string') label = label ? `${label}.${step}` : step;
  return label;
}

/**
 * expectTrue's outcomes depend only on `what`, the path's label and which
 * branch is taken, and a plan asks for the same few thousands of times:
 * each is built once. Findings copy verdict and message out of an outcome
 * and never change it, so one object can serve every resource.
 */
const TRUE_PASS = 0;
const TRUE_FAIL = 1;
const TRUE_DEFAULT_PASS = 2;
const TRUE_DEFAULT_FAIL = 3;
const TRUE_HIDDEN = 4;
const trueOutcomes = new Map<
  string,
  Map<string, Array<RuleOutcome | undefined>>
>();

function trueOutcome(
  what: string,
  path: AttributePath,
  kind: number,
): RuleOutcome {
  const label = labelOf(path);
  let byLabel = trueOutcomes.get(what);
  if (!byLabel) trueOutcomes.set(what, (byLabel = new Map()));
  let outcomes = byLabel.get(label);
  if (!outcomes) byLabel.set(label, (outcomes = []));
  let outcome = outcomes[kind];
  if (!outcome) {
    if (kind === TRUE_PASS) outcome = pass(`${what}: ${label} is true`);
    else if (kind === TRUE_FAIL)
      outcome = fail(`${what} is off: ${label} is not true`);
    else if (kind === TRUE_DEFAULT_PASS)
      outcome = pass(`${what}: ${label} is true (provider default)`);
    else if (kind === TRUE_DEFAULT_FAIL)
      outcome = fail(
        `${what} is off: ${label} is not true (${label} is not set; the provider default applies)`,
      );
    else outcome = hiddenUntilApply(label);
    outcomes[kind] = outcome;
  }
  return outcome;
}

/**
 * Shorthand for the usual boolean-must-be-true rule. Same verdicts as
 * expectAttribute with `isTrue`.
 */
export function expectTrue(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  what: string,
  providerDefault: boolean | undefined = false,
): RuleOutcome {
  const read = ctx.read(resource, path);
  if (read.state === 'known')
    return trueOutcome(what, path, isTrue(read.value) ? TRUE_PASS : TRUE_FAIL);
  if (!read.configured && providerDefault !== undefined)
    return trueOutcome(
      what,
      path,
      providerDefault ? TRUE_DEFAULT_PASS : TRUE_DEFAULT_FAIL,
    );
  return trueOutcome(what, path, TRUE_HIDDEN);
}

/** True for a resource the plan keeps or creates (not destroyed, not data). */
export function isLive(resource: PlanResource): boolean {
  return resource.mode === 'managed' && resource.action !== 'delete';
}

const VERDICT_WEIGHT: Record<RuleOutcome['verdict'], number> = {
  fail: 4,
  unknown: 3,
  warn: 2,
  pass: 1,
  'not-applicable': 0,
};

/**
 * Combines the outcomes of several checks on one resource: the worst one
 * decides. Returns undefined when every check passed, so the caller can
 * word the pass.
 */
export function worstOf(outcomes: RuleOutcome[]): RuleOutcome | undefined {
  let worst: RuleOutcome | undefined;
  for (const o of outcomes) {
    if (o.verdict === 'pass' || o.verdict === 'not-applicable') continue;
    if (!worst || VERDICT_WEIGHT[o.verdict] > VERDICT_WEIGHT[worst.verdict])
      worst = o;
  }
  return worst;
}

const REGISTRY_PROVIDERS: ReadonlyArray<[prefix: string, provider: string]> = [
  ['aws_', 'aws'],
  ['azurerm_', 'azurerm'],
  ['google_', 'google'],
];

/** The Terraform Registry page of a resource type, for a rule's references. */
export function registryDocsOf(type: string): string {
  const [prefix, provider] = REGISTRY_PROVIDERS.find(([p]) =>
    type.startsWith(p),
  ) ?? ['', 'aws'];
  return `https://registry.terraform.io/providers/hashicorp/${provider}/latest/docs/resources/${type.slice(
    prefix.length,
  )}`;
}
