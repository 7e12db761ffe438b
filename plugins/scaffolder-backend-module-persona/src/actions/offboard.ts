import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PersonaActionDeps, runPersonaAction } from '../engine/run';
import { examples } from './offboard.examples';
import { commonInput, commonOutput, personInput } from './schema';

/**
 * persona:offboard: the exact inverse of persona:onboard, as idempotent:
 * team memberships removed (the organization membership too when
 * groundwork.persona.github.removeFromOrganization is set), and the
 * person's files deleted or their lines removed, for review.
 */
export function createPersonaOffboardAction(deps: PersonaActionDeps) {
  return createTemplateAction({
    id: 'persona:offboard',
    description:
      "Offboards a person: removes the persona's GitHub team memberships (and, when configured, the organization membership) and, for review, deletes their catalog User, cloud IAM, Kubernetes bindings and Argo CD policy lines.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        person: z => personInput(z, false),
        ...commonInput,
        endDate: z =>
          z.string().optional().describe('Last working day, YYYY-MM-DD'),
      },
      output: commonOutput,
    },
    async handler(ctx) {
      await runPersonaAction('offboard', ctx, deps);
    },
  });
}
