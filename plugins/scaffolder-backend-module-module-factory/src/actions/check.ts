import fs from 'node:fs/promises';
import type { Config } from '@backstage/config';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { checkModuleStructure } from '../lib/checkModuleStructure';
import {
  EnvironmentVerdict,
  governExamplePlan,
} from '../lib/governExamplePlan';
import { renderCheckReport } from '../lib/report';
import { examples } from './check.examples';
import { pickEnvironments } from './environments';

/** Largest example plan read; a module's example is small. */
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

export function createModuleFactoryCheckAction(options: { config: Config }) {
  return createTemplateAction({
    id: 'module-factory:check',
    description:
      "Checks a Terraform module against the module factory's requirements (README, typed and described variables, described outputs, pinned Terraform and providers, no provider blocks, an example) and, when an example's plan is given, gates it on the Groundwork governance policy pack for each environment. Fails the step, with every problem listed, when a check fails or the plan would be blocked.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        path: z =>
          z
            .string()
            .default('.')
            .describe(
              'Folder of the module, relative to the task workspace (where fetch:plain put it).',
            ),
        examplePlan: z =>
          z
            .string()
            .optional()
            .describe(
              'Path, relative to the workspace, of `terraform show -json` output for one of the examples. Without it the structure is checked and the report says the governance gate did not run.',
            ),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Environments whose thresholds the plan must pass (production ones block at high, the others at critical); every environment in groundwork.environments by default.',
            ),
        strict: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'Fail on warnings too (for example a required input the README does not mention).',
            ),
      },
      output: {
        passed: z =>
          z
            .boolean()
            .describe(
              'Whether every check passed and no environment blocks the plan.',
            ),
        checks: z =>
          z
            .array(
              z.object({
                id: z.string().describe('Check id, e.g. versions.'),
                title: z.string().describe('What the check requires.'),
                status: z.enum(['pass', 'fail', 'warn']).describe('Result.'),
                message: z
                  .string()
                  .describe('What was found, and what to do when it failed.'),
              }),
            )
            .describe('Structure checks.'),
        governance: z =>
          z
            .array(
              z.object({
                environment: z.string().describe('Environment name.'),
                blocking: z
                  .boolean()
                  .describe('Whether the plan would be blocked there.'),
                threshold: z
                  .string()
                  .describe('Lowest severity that blocks there.'),
                score: z.number().describe('Compliance score, 0-100.'),
                monthlyCost: z
                  .number()
                  .describe('Estimated monthly cost of the example.'),
              }),
            )
            .describe(
              'Governance verdict per environment; empty when no plan was given.',
            ),
        report: z =>
          z
            .string()
            .describe(
              'Markdown report of every check, for the pull request body.',
            ),
        variables: z =>
          z
            .array(z.string())
            .describe(
              'Names of the module inputs, for the pull request and the changelog.',
            ),
      },
    },
    async handler(ctx) {
      const {
        path: modulePath = '.',
        examplePlan,
        environments,
        strict = false,
      } = ctx.input;
      const dir = resolveSafeChildPath(ctx.workspacePath, modulePath);
      const stat = await fs.stat(dir).catch(() => undefined);
      if (!stat?.isDirectory()) {
        throw new InputError(
          `${modulePath} is not a folder of the workspace: fetch the module first (fetch:plain) and pass its folder as path.`,
        );
      }
      ctx.logger.info(`Checking the module in ${modulePath}`);
      const structure = await checkModuleStructure(dir);
      for (const c of structure.checks) {
        const line = `${c.status.toUpperCase()} ${c.title}: ${c.message}`;
        if (c.status === 'fail') ctx.logger.error(line);
        else if (c.status === 'warn') ctx.logger.warn(line);
        else ctx.logger.info(line);
      }

      let governance: EnvironmentVerdict[] | undefined;
      if (examplePlan) {
        const planFile = resolveSafeChildPath(ctx.workspacePath, examplePlan);
        const planStat = await fs.stat(planFile).catch(() => undefined);
        if (!planStat?.isFile()) {
          throw new InputError(
            `The example plan ${examplePlan} does not exist in the workspace: produce it with \`terraform show -json plan.tfplan > plan.json\` in the example and commit it with the module.`,
          );
        }
        if (planStat.size > MAX_PLAN_BYTES) {
          throw new InputError(
            `The example plan ${examplePlan} is ${Math.round(
              planStat.size / 1048576,
            )} MiB; an example should plan a handful of resources. Trim the example.`,
          );
        }
        const { environments: envs } = pickEnvironments(
          options.config,
          environments,
        );
        governance = governExamplePlan(
          await fs.readFile(planFile),
          envs.map(e => ({ name: e.name, production: e.production })),
        );
        for (const g of governance) {
          const line = `Governance in ${g.environment} (blocks at ${
            g.threshold
          }): ${g.blocking ? 'BLOCKED' : 'passes'}, score ${
            g.score
          }, estimated ${g.monthlyCost} ${g.currency}/month`;
          if (g.blocking) ctx.logger.error(line);
          else ctx.logger.info(line);
          for (const f of g.blockingFindings) {
            ctx.logger.error(
              `  ${f.severity} ${f.ruleId} ${f.address}: ${f.message}`,
            );
          }
        }
      } else {
        ctx.logger.warn(
          'No example plan was given: the governance gate did not run. Pass examplePlan to gate the release on the policy pack.',
        );
      }

      const report = renderCheckReport(
        structure.checks,
        governance,
        examplePlan,
      );
      const failedChecks = structure.checks.filter(
        c => c.status === 'fail' || (strict && c.status === 'warn'),
      );
      const blocked = (governance ?? []).filter(g => g.blocking);
      const passed = failedChecks.length === 0 && blocked.length === 0;

      ctx.output('passed', passed);
      ctx.output('checks', structure.checks);
      ctx.output(
        'governance',
        (governance ?? []).map(g => ({
          environment: g.environment,
          blocking: g.blocking,
          threshold: g.threshold,
          score: g.score,
          monthlyCost: g.monthlyCost,
        })),
      );
      ctx.output('report', report);
      ctx.output(
        'variables',
        structure.variables.map(v => v.name),
      );

      if (!passed) {
        const problems = [
          ...failedChecks.map(c => `${c.title}: ${c.message}`),
          ...blocked.map(
            g =>
              `The example plan is blocked in ${
                g.environment
              }: ${g.blockingFindings
                .map(
                  f =>
                    `${f.ruleId} (${f.severity}) on ${f.address}: ${f.message}`,
                )
                .join('; ')}`,
          ),
        ];
        throw new InputError(
          `The module is not ready for the factory:\n- ${problems.join(
            '\n- ',
          )}`,
        );
      }
      ctx.logger.info("The module meets the factory's requirements.");
    },
  });
}
