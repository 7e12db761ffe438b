import type { z as zod } from 'zod/v3';

type Z = typeof zod;

const SEVERITY = ['critical', 'high', 'medium', 'low'] as const;

/** The step's input: what to run, where, and how strictly to gate it. */
export const terraformApplyInput = {
  workingDirectory: (z: Z) =>
    z
      .string()
      .describe(
        'Directory holding the Terraform code, relative to the task workspace (no "..", not absolute, no symlinks out of it). Default ".".',
      )
      .optional(),
  entityRef: (z: Z) =>
    z
      .string()
      .describe(
        'The catalog entity the infrastructure belongs to, e.g. "component:default/payments-api"; the run is reported under it.',
      ),
  environment: (z: Z) =>
    z
      .string()
      .describe(
        'A configured environment (groundwork.environments), e.g. "dev" or "prod": selects the policy threshold, the budget and the backend defaults.',
      ),
  vars: (z: Z) =>
    z
      .record(z.string(), z.any())
      .describe(
        'Terraform variables (not secret), written to a generated .auto.tfvars.json in the working directory; never put on the command line.',
      )
      .optional(),
  secretVars: (z: Z) =>
    z
      .record(z.string(), z.string())
      .describe(
        'Secret Terraform variables, each mapped to a ${{ secrets.* }} value: given to Terraform as TF_VAR_<name> in its environment only (sensitive variables on HCP), and redacted from the log, the outputs and the report.',
      )
      .optional(),
  backend: (z: Z) =>
    z
      .object({
        type: z
          .string()
          .describe(
            'Backend type: s3, gcs, azurerm, remote, cloud (local only with allowLocalState).',
          ),
        settings: z
          .record(z.string(), z.any())
          .describe(
            'Backend settings as in the backend block, e.g. bucket, key, region, encrypt, use_lockfile for s3; {name}, {namespace}, {environment} and {workingDirectory} are filled in. No credentials.',
          )
          .optional(),
      })
      .describe(
        "State backend; replaces a backend block in the code. Defaults to terraform.environments.<environment>.backend from app-config, else the code's own.",
      )
      .optional(),
  planOnly: (z: Z) =>
    z
      .boolean()
      .describe(
        'Plan, gate and estimate, but never apply (as a dry run does). Default false.',
      )
      .optional(),
  destroy: (z: Z) =>
    z
      .boolean()
      .describe(
        'Plan the destruction of every resource in the state (plan -destroy), gated like any plan. Default false.',
      )
      .optional(),
  allowLocalState: (z: Z) =>
    z
      .boolean()
      .describe(
        'Allow local state, which is lost with the task workspace: only for throw-away runs. Default false.',
      )
      .optional(),
  policy: (z: Z) =>
    z
      .object({
        file: z
          .string()
          .describe(
            "A policy file (YAML or JSON) in the task workspace, applied over the environment's policy.",
          )
          .optional(),
        blockingThreshold: z
          .enum(SEVERITY)
          .describe('Failures at or above this severity block.')
          .optional(),
        unknownBlocks: z
          .boolean()
          .describe(
            'Whether values only known after apply block at the threshold too.',
          )
          .optional(),
        requiredTags: z
          .array(z.string())
          .describe('Tag keys every taggable resource must carry.')
          .optional(),
        rules: z
          .record(
            z.string(),
            z.object({
              enabled: z
                .boolean()
                .describe('Turn the rule on or off.')
                .optional(),
              severity: z
                .enum(SEVERITY)
                .describe('Re-rate the rule.')
                .optional(),
            }),
          )
          .describe(
            'Per-rule settings by rule id, e.g. {"GW-AWS-018": {"severity": "critical"}}.',
          )
          .optional(),
        waivers: z
          .array(
            z.object({
              rule: z.string().describe('Rule id.'),
              resource: z
                .string()
                .describe('Resource address pattern; * matches anything.'),
              reason: z.string().describe('Why the exception is acceptable.'),
              owner: z.string().describe('Who answers for it.'),
              expires: z.string().describe('Last day it applies, YYYY-MM-DD.'),
            }),
          )
          .describe(
            'Time-limited exceptions (only where terraform.policy.inputOverrides is "any").',
          )
          .optional(),
      })
      .describe(
        "Overrides of the environment's policy. By default (terraform.policy.inputOverrides: tighten) they may only make the gate stricter.",
      )
      .optional(),
  timeoutMinutes: (z: Z) =>
    z
      .number()
      .positive()
      .describe(
        'Limit for the whole run (default terraform.timeouts.defaultMinutes, at most terraform.timeouts.maxMinutes); on expiry Terraform is interrupted like a cancellation.',
      )
      .optional(),
  executor: (z: Z) =>
    z
      .enum(['cli', 'hcp'])
      .describe(
        'Where Terraform runs: "cli" on the backend host, "hcp" on HCP Terraform / Terraform Enterprise. Default from app-config.',
      )
      .optional(),
  hcp: (z: Z) =>
    z
      .object({
        organization: z
          .string()
          .describe(
            'HCP Terraform organization; default terraform.hcp.organization.',
          )
          .optional(),
        workspace: z
          .string()
          .describe(
            'Workspace name, created when missing; default terraform.hcp.workspaceName ("{name}-{environment}").',
          )
          .optional(),
      })
      .describe('HCP Terraform settings for executor "hcp".')
      .optional(),
};

/** The step's output: what the plan changes, costs and breaks, and what apply returned. */
export const terraformApplyOutput = {
  result: (z: Z) =>
    z
      .enum(['applied', 'planned'])
      .describe('"applied", or "planned" for a dry run or planOnly.'),
  summary: (z: Z) =>
    z
      .object({
        add: z.number().describe('Resources to create.'),
        change: z.number().describe('Resources to update in place.'),
        destroy: z.number().describe('Resources to destroy.'),
        replace: z
          .number()
          .describe('Resources to replace (not counted in add or destroy).'),
      })
      .describe('What the plan changes.'),
  outputs: (z: Z) =>
    z
      .record(z.string(), z.any())
      .describe(
        'Non-sensitive Terraform outputs after apply; for a plan, those whose value is known before apply.',
      ),
  cost: (z: Z) =>
    z
      .object({
        monthlyBefore: z
          .number()
          .describe('Estimated monthly cost before the plan.'),
        monthlyAfter: z
          .number()
          .describe('Estimated monthly cost after the plan.'),
        delta: z.number().describe('monthlyAfter minus monthlyBefore.'),
        currency: z.string().describe('Currency of the estimate (USD).'),
        coverage: z
          .object({
            priced: z.number().describe('Resources priced.'),
            usagePriced: z
              .number()
              .describe('Resources whose cost depends on usage.'),
            unpriced: z
              .number()
              .describe('Resources with a cost the estimator cannot compute.'),
            free: z.number().describe('Resources that cost nothing.'),
          })
          .describe('How much of the plan the estimate covers.'),
        budget: z
          .number()
          .describe("The environment's monthly budget, when set.")
          .optional(),
        overBudget: z
          .boolean()
          .describe('Whether monthlyAfter exceeds the budget.'),
      })
      .describe('Monthly cost estimate of the plan.'),
  findings: (z: Z) =>
    z
      .object({
        failed: z
          .object({
            critical: z.number().describe('Failed critical findings.'),
            high: z.number().describe('Failed high findings.'),
            medium: z.number().describe('Failed medium findings.'),
            low: z.number().describe('Failed low findings.'),
          })
          .describe('Failed findings by severity.'),
        waived: z.number().describe('Findings covered by a current waiver.'),
        warned: z.number().describe('Warnings (never block).'),
        unknown: z
          .number()
          .describe('Findings whose deciding value is only known after apply.'),
        threshold: z.enum(SEVERITY).describe('The blocking threshold applied.'),
        score: z.number().describe('Compliance score, 0-100.'),
      })
      .describe('The policy verdicts.'),
  runUrl: (z: Z) =>
    z
      .string()
      .describe('The HCP Terraform run page, for executor "hcp".')
      .optional(),
};

type Shape<Fields> = {
  [K in keyof Fields]: Fields[K] extends (z: Z) => infer T
    ? T extends zod.ZodTypeAny
      ? T
      : never
    : never;
};

/** The step's input as the handler receives it. */
export type TerraformApplyInput = zod.output<
  zod.ZodObject<Shape<typeof terraformApplyInput>>
>;

/** The step's outputs by name. */
export type TerraformApplyOutput = zod.output<
  zod.ZodObject<Shape<typeof terraformApplyOutput>>
>;
