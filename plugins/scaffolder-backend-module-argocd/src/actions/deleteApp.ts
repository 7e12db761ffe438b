import { parseActionInput } from './parseInput';
import type {
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ArgoCdClient,
  ArgoCdClientOptions,
  readArgoCdInstances,
} from '@groundwork/plugin-argocd-node';
import { authorizeEntityChangeIn } from '@groundwork/plugin-groundwork-node';
import {
  entityFromArgoCdLabels,
  readGroundworkEnvironments,
} from '@groundwork/plugin-groundwork-common';
import { z } from 'zod/v3';
import { normaliseEntityRef } from '../manifests/render';
import { examples } from './deleteApp.examples';
import { requireEnvironment } from './environment';

export const DELETE_APP_ACTION_ID = 'argocd:delete-app';

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The input schema of argocd:delete-app (the templates' tests check steps against it). */
export function deleteAppInputSchema(zod: typeof z) {
  return zod.object({
    instance: zod
      .string()
      .optional()
      .describe(
        "Argo CD instance (argocd.instances[].name); default: the environment's argocdInstance, then argocd.defaultInstance (as argocd:create-app).",
      ),
    name: zod
      .string()
      .max(253)
      .regex(DNS_SUBDOMAIN, 'must be a lower-case DNS subdomain')
      .describe('The Application to delete, e.g. payments-dev'),
    project: zod
      .string()
      .min(1)
      .describe(
        'The AppProject the Application is in; with it, Argo CD says when the app is already gone (404) instead of refusing (403)',
      ),
    appNamespace: zod
      .string()
      .optional()
      .describe(
        "The Application's namespace, when not Argo CD's own (apps in any namespace)",
      ),
    entityRef: zod
      .string()
      .min(1)
      .describe(
        'The entity the Application delivers (e.g. component:default/payments); only its owners may delete it, and only an Application argocd:create-app labelled for it and this environment',
      ),
    environment: zod
      .string()
      .min(1)
      .describe(
        'The environment it delivers to (groundwork.environments[].name)',
      ),
    cascade: zod
      .boolean()
      .default(true)
      .describe(
        "Delete the Application's Kubernetes resources too (Argo CD's default); false leaves them running",
      ),
  });
}

function outputSchema(zod: typeof z) {
  return zod.object({
    deleted: zod
      .boolean()
      .describe('True when Argo CD deleted it; false when it was already gone'),
  });
}

export interface DeleteAppActionOptions {
  config: Config;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  /** Retry tuning of the Argo CD client (tests shorten it). */
  client?: Pick<
    ArgoCdClientOptions,
    'maxRetries' | 'backoffMs' | 'maxBackoffMs'
  >;
}

/**
 * `argocd:delete-app`: deletes the Argo CD Application of an entity's
 * environment, as a teardown (templates/service-teardown) needs. An app
 * that is already gone is a success (a teardown run again after a failure
 * goes on); every other failure fails the step. Asks what create-app asks
 * (the entity's owners; production only for its groups), and deletes only
 * an Application whose Groundwork labels name this entity and environment,
 * so that an owner of one service cannot delete another's by its name.
 */
export function createArgoCdDeleteAppAction(options: DeleteAppActionOptions) {
  const { config } = options;
  // Read once at startup, so a broken config stops the backend, not a template run.
  const environments = readGroundworkEnvironments(config);
  const instances = readArgoCdInstances(config);

  return createTemplateAction({
    id: DELETE_APP_ACTION_ID,
    description:
      "Deletes an entity's Argo CD Application for one environment (by default with its Kubernetes resources), through the Argo CD API of the environment's instance. Only for someone who may change the entity (and production, for a production environment), and only an Application whose groundwork.dev labels name that entity and environment. An Application already gone is a success; any other failure fails the step. A dry run checks the permissions and says what it would delete, and sends nothing to Argo CD.",
    examples,
    supportsDryRun: true,
    schema: { input: deleteAppInputSchema, output: outputSchema },
    async handler(ctx) {
      const input = parseActionInput(
        deleteAppInputSchema(z),
        ctx.input,
        DELETE_APP_ACTION_ID,
      );
      const environment = requireEnvironment(environments, input.environment);
      let entityRef: string;
      try {
        entityRef = normaliseEntityRef(input.entityRef);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      const credentials = await ctx.getInitiatorCredentials();
      const what = `run ${DELETE_APP_ACTION_ID} in ${environment.name}`;
      await authorizeEntityChangeIn({
        permissions: options.permissions,
        catalog: options.catalog,
        auth: options.auth,
        credentials,
        entityRef,
        environment,
        what,
      });

      // An empty instance (a template rendering an absent output) is no choice.
      const instance = instances.get(
        input.instance || environment.argocdInstance,
      );
      const client = new ArgoCdClient({
        instance,
        logger: ctx.logger,
        ...options.client,
      });
      const where = `${input.name} (project ${input.project}) on Argo CD instance "${instance.name}"`;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would delete the Argo CD application ${where}${
            input.cascade ? ' with its resources' : ', leaving its resources'
          }. Nothing was sent.`,
        );
        ctx.output('deleted', false);
        return;
      }

      const location = {
        project: input.project,
        appNamespace: input.appNamespace,
        signal: ctx.signal,
      };
      const app = await client.getApplication(input.name, location);
      if (!app) {
        ctx.logger.info(
          `The Argo CD application ${where} is already gone; nothing to delete.`,
        );
        ctx.output('deleted', false);
        return;
      }
      const labelled = entityFromArgoCdLabels(app.metadata.labels);
      if (
        !labelled ||
        labelled.entityRef !== entityRef ||
        labelled.environment !== environment.name
      ) {
        throw new NotAllowedError(
          `The Argo CD application ${where} is not ${entityRef}'s in ${
            environment.name
          }: its groundwork.dev labels say ${
            labelled
              ? `${labelled.entityRef} in ${labelled.environment}`
              : 'nothing'
          }. Nothing was deleted; check the name, or delete it in Argo CD.`,
        );
      }
      const deleted = await ctx.checkpoint({
        key: `argocd-delete-${instance.name}-${input.project}-${input.name}`,
        fn: () =>
          client.deleteApplication(input.name, {
            ...location,
            cascade: input.cascade,
            missingOk: true,
          }),
      });
      ctx.logger.info(
        deleted
          ? `Deleted the Argo CD application ${where}${
              input.cascade ? '; Argo CD deletes its resources' : ''
            }.`
          : `The Argo CD application ${where} went before it could be deleted; nothing to delete.`,
      );
      ctx.output('deleted', deleted);
    },
  });
}
