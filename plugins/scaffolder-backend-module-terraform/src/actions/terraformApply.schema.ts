import { SEVERITIES } from '@groundwork/governance';
import type { z as zod } from 'zod/v3';

type Z = typeof zod;

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
      .union([
        z
          .string()
          .describe(
            'The name of a state backend config lists for the environment (terraform.environments.<environment>.backends).',
          ),
        z
          .object({
            type: z.string().describe('Backend type.'),
            settings: z
              .record(z.string(), z.any())
              .describe('Backend settings.')
              .optional(),
          })
          .describe(
            'Refused: backend settings come from config only. Kept so that a step that still gives them is told which config key to use.',
          ),
      ])
      .describe(
        'Which configured state backend to use, by name (terraform.environments.<environment>.backends); it replaces any backend block in the code. Default: terraform.environments.<environment>.backend. A step cannot give backend settings: config decides where state lives and what it is called.',
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
        'When the environment has no state backend in config, keep the state in the task workspace, where it is lost with it: only for throw-away runs. Default false.',
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
          .enum(SEVERITIES)
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
                .enum(SEVERITIES)
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
        'Where Terraform runs: "cli" on the backend host, "hcp" on HCP Terraform / Terraform Enterprise. Only executors config lists for the environment (terraform.environments.<environment>.executors); default terraform.environments.<environment>.executor.',
      )
      .optional(),
  hcp: (z: Z) =>
    z
      .object({
        organization: z
          .string()
          .describe(
            "Must be the environment's organization from config (terraform.environments.<environment>.hcp.organization, else terraform.hcp.organization); anything else is refused.",
          )
          .optional(),
        workspace: z
          .string()
          .describe(
            "Must be the workspace config's name pattern gives this entity and environment (terraform.hcp.workspaceName); anything else is refused.",
          )
          .optional(),
      })
      .describe(
        'HCP Terraform settings for executor "hcp": config decides them; a step may only restate them.',
      )
      .optional(),
};

/** The step's output: what the plan changes, costs and breaks, and what apply returned. */
export const terraformApplyOutput = {
  result: (z: Z) =>
    z
      .enum(['applied', 'planned', 'dry-run'])
      .describe(
        '"applied"; "planned" for planOnly; "dry-run" for a dry run, which runs nothing (see dryRun).',
      ),
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
        threshold: z
          .enum(SEVERITIES)
          .describe('The blocking threshold applied.'),
        score: z.number().describe('Compliance score, 0-100.'),
      })
      .describe('The policy verdicts.'),
  runUrl: (z: Z) =>
    z
      .string()
      .describe('The HCP Terraform run page, for executor "hcp".')
      .optional(),
  dryRun: (z: Z) =>
    z
      .object({
        executor: z.enum(['cli', 'hcp']).describe('Where it would run.'),
        workingDirectory: z
          .string()
          .describe('The working directory, relative to the task workspace.'),
        files: z
          .array(
            z.object({
              path: z.string().describe('Relative to the task workspace.'),
              bytes: z.number().describe('Size.'),
            }),
          )
          .describe('The Terraform files it would run.'),
        backend: z
          .object({
            type: z.string().describe('Backend type.'),
            settings: z
              .record(z.string(), z.any())
              .describe('Settings, secret-looking values masked.'),
            from: z.string().describe('The config key it comes from.'),
          })
          .describe(
            "The state backend it would write over the code's (executor cli).",
          )
          .optional(),
        hcp: z
          .object({
            organization: z.string().describe('Organization.'),
            workspace: z.string().describe('Workspace.'),
          })
          .describe('Where it would run (executor hcp).')
          .optional(),
        commands: z
          .array(z.string())
          .describe('The commands (cli) or API steps (hcp), in order.'),
        variables: z
          .object({
            vars: z.array(z.string()).describe('Names of the variables.'),
            secretVars: z
              .array(z.string())
              .describe('Names of the secret variables.'),
          })
          .describe('The variables it would set; never their values.'),
        allowedPlanTimeCode: z
          .array(z.string())
          .describe(
            'Constructs found in the code that config allows in this environment.',
          ),
      })
      .describe(
        'For a dry run: what a real run would run. A dry run stops before terraform init and runs nothing.',
      )
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
