import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  authorizeEntityChange,
  authorizeEnvironmentChange,
} from '@groundwork/plugin-groundwork-node';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { examples } from './authorizeChange.examples';
import { parseNewEntityRef } from './requireNewEntity';

interface AuthorizeChangeActionOptions {
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  environments: GroundworkEnvironments;
}

/**
 * groundwork:entity:authorize-change: the permission checks of every later
 * step, asked once before the first of them. terraform:apply and
 * argocd:create-app ask the same questions themselves, but a template that
 * creates a repository first would otherwise be refused half-way, with the
 * repository made and the rest not.
 */
export function createAuthorizeChangeAction(
  options: AuthorizeChangeActionOptions,
) {
  const { permissions, catalog, auth, environments } = options;
  return createTemplateAction({
    id: 'groundwork:entity:authorize-change',
    description:
      'Asks the permission policy, before anything else runs, whether the person who started the task may change this entity (its owners and the administrators; an entity not in the catalog yet is a new one) in these environments (production ones only for groundwork.permissions.productionGroups). Put it first in a template whose steps change an entity, so that a refusal leaves nothing half-done. Read-only, so it runs in dry runs too.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The entity the template changes or creates, e.g. component:default/payments-api',
            ),
        environments: z =>
          z
            .array(z.string())
            .min(1)
            .describe(
              'The environments (names from groundwork.environments) the template changes',
            ),
      },
      output: {
        isNew: z =>
          z
            .boolean()
            .describe('True when the catalog does not hold the entity yet'),
      },
    },
    async handler(ctx) {
      const entityRef = stringifyEntityRef(
        parseNewEntityRef(ctx.input.entityRef),
      );
      const chosen = ctx.input.environments.map(name => {
        try {
          return environments.get(name);
        } catch (e) {
          throw new InputError((e as Error).message);
        }
      });
      const credentials = await ctx.getInitiatorCredentials();
      const { isNew } = await authorizeEntityChange({
        permissions,
        catalog,
        auth,
        credentials,
        entityRef,
        what: `change ${chosen.map(e => e.name).join(', ')}`,
      });
      for (const environment of chosen) {
        await authorizeEnvironmentChange({
          permissions,
          credentials,
          environment,
          what: `change ${entityRef} in ${environment.name}`,
        });
      }
      ctx.logger.info(
        `May change ${entityRef}${isNew ? ' (new)' : ''} in ${chosen
          .map(e => e.name)
          .join(', ')}.`,
      );
      ctx.output('isNew', isNew);
    },
  });
}
