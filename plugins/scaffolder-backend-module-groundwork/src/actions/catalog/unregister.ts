import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { authorizeTeardown } from '../expiry/teardownRule';
import { examples } from './unregister.examples';

interface UnregisterActionOptions {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  environments: GroundworkEnvironments;
  /** The portal's clock (tests fix it). */
  now?: () => Date;
}

/**
 * groundwork:catalog:unregister: the last step of a teardown, removing the
 * preview service's catalog entry by removing the location it was
 * registered from (which removes every entity that catalog-info.yaml
 * holds: the Component and its Resources).
 *
 * It asks the teardown rule again itself rather than trusting an earlier
 * step's output: a template edited to point it elsewhere still removes only
 * a preview that may be torn down. The removal is then made with the
 * module's own credentials, because the default policy lets nobody but
 * administrators delete locations, and the expiry job is not a person.
 */
export function createUnregisterAction(options: UnregisterActionOptions) {
  const { catalog, auth, permissions, environments } = options;
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'groundwork:catalog:unregister',
    description:
      'Removes a preview service from the catalog: deletes the catalog location it was registered from (backstage.io/managed-by-origin-location), which removes every entity of that catalog-info.yaml. Only for what groundwork:expiry:check would let be torn down (asked again here). The repository is left as it is. In a dry run it checks and says what it would remove, and removes nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The preview service to remove, e.g. component:default/payments-preview',
            ),
      },
      output: {
        location: z =>
          z.string().describe('The catalog location that was removed'),
      },
    },
    async handler(ctx) {
      const teardown = await authorizeTeardown({
        entityRef: ctx.input.entityRef,
        credentials: await ctx.getInitiatorCredentials(),
        catalog,
        auth,
        permissions,
        environments,
        now: now(),
      });
      const { entityRef } = teardown;
      const target =
        teardown.entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      const credentials = await auth.getOwnServiceCredentials();
      const location = target
        ? await catalog.getLocationByRef(target, { credentials })
        : undefined;
      if (!location) {
        throw new ConflictError(
          `${entityRef} was registered from ${
            target ?? 'an unknown location'
          }, which is not a location the catalog can remove (one from app-config, say); its entry is left. Remove it from the catalog's configuration.`,
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would remove the catalog location ${target} (id ${location.id}), and with it ${entityRef} and every other entity of that file. Nothing was removed.`,
        );
        ctx.output('location', target!);
        return;
      }
      await ctx.checkpoint({
        key: `unregister-${location.id}`,
        fn: async () => {
          await catalog.removeLocationById(location.id, { credentials });
        },
      });
      ctx.logger.info(
        `Removed the catalog location ${target}: ${entityRef} and the other entities of that file are gone from the catalog.`,
      );
      ctx.output('location', target!);
    },
  });
}
