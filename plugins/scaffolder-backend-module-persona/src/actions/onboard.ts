import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PersonaActionDeps, runPersonaAction } from '../engine/run';
import { examples } from './onboard.examples';
import { commonInput, commonOutput, personInput } from './schema';

/**
 * persona:onboard: what the persona grants, in every system. GitHub
 * memberships are made directly; everything else (catalog User, cloud IAM
 * Terraform, Kubernetes RBAC, Argo CD policy lines) is written into the
 * workspace for a following pull request or terraform:apply.
 */
export function createPersonaOnboardAction(deps: PersonaActionDeps) {
  return createTemplateAction({
    id: 'persona:onboard',
    description:
      'Onboards a person with a persona: GitHub organization and team memberships, and, for review, their catalog User, cloud IAM as Terraform, Kubernetes RoleBindings and Argo CD policy lines.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        person: z => personInput(z, true),
        ...commonInput,
        startDate: z => z.string().describe('First working day, YYYY-MM-DD'),
        manager: z =>
          z
            .string()
            .optional()
            .describe(
              "The manager's catalog User, e.g. user:default/grace.hopper",
            ),
      },
      output: commonOutput,
    },
    async handler(ctx) {
      await runPersonaAction('onboard', ctx, deps);
    },
  });
}
