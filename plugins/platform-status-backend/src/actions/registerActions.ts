import type {
  ActionsRegistryActionOptions,
  ActionsRegistryService,
} from '@backstage/backend-plugin-api/alpha';
import type { DeliveryActions } from '../api/DeliveryActions';
import type { StatusReader } from '../api/StatusReader';
import { entityRefFromPath, parseOverviewQuery } from '../api/parseRequest';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** The zod the registry hands to schema functions. */
type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

/** An action's `entityRef` input as the canonical ref the routes use. */
function entityRefFromInput(input: string): string {
  let ref;
  try {
    ref = parseEntityRef(input, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `"${input}" is not an entity ref; use kind:namespace/name.`,
    );
  }
  return entityRefFromPath(ref);
}

/**
 * The read routes as read-only actions, and sync and rollback as actions
 * that change something, so that AI agents can ask and act through the MCP
 * actions backend. Each goes through the same code as its REST route
 * (StatusReader, DeliveryActions), so the caller's credentials decide
 * exactly as there: what they see, and whether they may act.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  reader: StatusReader;
  deliveryActions: DeliveryActions;
  environments: string[];
}) {
  const { actionsRegistry, reader, deliveryActions, environments } = options;

  actionsRegistry.register({
    name: 'get-entity-platform-status',
    title: 'Get entity platform status',
    description: `Returns, for one catalog entity, each of its environments (${environments.join(
      ', ',
    )}) with what is deployed and healthy (Argo CD), the last infrastructure run (Terraform), cost (estimate, month-to-date actual, budget) and compliance findings. A source that is not configured or failed says so: never read it as passing.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'Entity reference, kind:namespace/name, e.g. component:default/payments-api. Kind defaults to component and namespace to default.',
            ),
        }),
      output: z =>
        z
          .object({
            entityRef: z.string().describe('The canonical entity ref'),
            environments: z
              .array(z.object({}).passthrough())
              .describe('One entry per environment, in configured order'),
            warnings: z
              .array(z.string())
              .describe('Annotation problems, in words'),
            expiry: z
              .object({
                expiresAt: z
                  .string()
                  .nullable()
                  .describe(
                    'When it expires (UTC); null if the annotation is not an instant',
                  ),
                state: z
                  .enum([
                    'scheduled',
                    'notified',
                    'refused',
                    'tearing-down',
                    'destroyed',
                    'failed',
                  ])
                  .describe('What the expiry job did about it'),
                reason: z
                  .string()
                  .optional()
                  .describe('Why it is refused or why the teardown failed'),
                taskId: z
                  .string()
                  .optional()
                  .describe('The scaffolder task of the teardown'),
              })
              .optional()
              .describe(
                'Only for a preview (groundwork.dev/expires-at): its expiry and teardown',
              ),
            generatedAt: z.string().describe('When this answer was built'),
          })
          .passthrough(),
    },
    examples: [
      {
        title: 'Status of the payments API',
        input: { entityRef: 'component:default/payments-api' },
      },
    ],
    action: async ({ input, credentials }) => {
      const status = await reader.entityStatus(
        credentials,
        entityRefFromInput(input.entityRef),
      );
      return { output: status as any };
    },
  });

  actionsRegistry.register({
    name: 'get-platform-status-overview',
    title: 'Get platform status overview',
    description:
      'Lists catalog entities per environment with sync and health, infrastructure result, estimated and actual monthly cost, budget use and compliance score; filter by owner, kind, system or environment, sort by cost, budgetUse, compliance or name. Only entities the caller may read are listed.',
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          owner: z
            .array(z.string())
            .optional()
            .describe('Owner refs, e.g. group:default/payments or payments'),
          kind: z
            .array(z.string())
            .optional()
            .describe('Entity kinds, e.g. component'),
          system: z
            .array(z.string())
            .optional()
            .describe('System refs, e.g. payments-platform'),
          environment: z
            .array(z.string())
            .optional()
            .describe(`Environments: ${environments.join(', ')}`),
          sort: z
            .enum(['cost', 'budgetUse', 'compliance', 'name'])
            .optional()
            .describe('Sort field (default cost, highest first)'),
          order: z
            .enum(['asc', 'desc'])
            .optional()
            .describe('Sort direction; the default depends on the field'),
          offset: z
            .number()
            .int()
            .min(0)
            .max(1_000_000)
            .optional()
            .describe('Rows to skip'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(200)
            .optional()
            .describe('Rows to return (default 50)'),
        }),
      output: z =>
        z.object({
          items: z
            .array(z.object({}).passthrough())
            .describe('One row per entity and environment'),
          totalCount: z.number().describe('Rows matching the filters'),
          offset: z.number().describe('Rows skipped'),
          limit: z.number().describe('Page size'),
          currency: z.string().describe('Currency of every amount'),
        }),
    },
    examples: [
      {
        title: 'The ten most expensive production services',
        input: { environment: ['prod'], sort: 'cost', limit: 10 },
      },
    ],
    action: async ({ input, credentials }) => {
      const query = parseOverviewQuery(input, environments);
      const overview = await reader.overview(credentials, query);
      return { output: overview as any };
    },
  });

  const entityRefInput = (z: Zod) =>
    z
      .string()
      .describe(
        'Entity reference, kind:namespace/name, e.g. component:default/payments-api. Kind defaults to component and namespace to default.',
      );
  const environmentInput = (z: Zod) =>
    z.string().describe(`Environment: ${environments.join(', ')}`);
  const startedOutput = (z: Zod) =>
    z.object({
      entityRef: z.string().describe('The canonical entity ref'),
      environment: z.string().describe('The environment acted on'),
      action: z.enum(['sync', 'rollback']).describe('What was started'),
      instance: z.string().describe('The Argo CD instance'),
      appName: z.string().describe('The Argo CD application'),
      historyId: z
        .number()
        .optional()
        .describe('The history entry a rollback returns to'),
    });

  actionsRegistry.register({
    name: 'get-deployment-history',
    title: 'Get deployment history',
    description:
      "Lists an entity's Argo CD syncs in one environment, newest first: revision, commit (author, message), start and end, result, who started it, images, and the historyId a rollback names. Only for entities the caller may read.",
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          environment: environmentInput(z),
          limit: z
            .number()
            .int()
            .min(1)
            .max(50)
            .optional()
            .describe('Syncs to return (default and most 50)'),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The canonical entity ref'),
          environment: z.string().describe('The environment'),
          items: z
            .array(z.object({}).passthrough())
            .describe('One entry per sync, newest first'),
        }),
    },
    examples: [
      {
        title: "The payments API's last five deployments to production",
        input: {
          entityRef: 'component:default/payments-api',
          environment: 'prod',
          limit: 5,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const history = await reader.deploymentHistory(
        credentials,
        entityRefFromInput(input.entityRef),
        input.environment,
        input.limit ?? 50,
      );
      return { output: history as any };
    },
  });

  actionsRegistry.register({
    name: 'sync-environment',
    title: 'Sync an environment',
    description:
      "Starts an Argo CD sync of an entity's environment to what Git holds now, replacing what runs there (no prune). Allowed to the entity's owners and the administrators, and for a production environment only to the production groups and administrators; every attempt is audited. Returns once Argo CD has started the operation: read the entity's platform status for its progress.",
    // It changes what runs, but only to what Git says should run, and a
    // second sync of the same Git state changes nothing more.
    attributes: { readOnly: false, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          environment: environmentInput(z),
        }),
      output: startedOutput,
    },
    examples: [
      {
        title: "Sync the payments API's development environment",
        input: {
          entityRef: 'component:default/payments-api',
          environment: 'dev',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const started = await deliveryActions.perform({
        credentials,
        entityRef: entityRefFromInput(input.entityRef),
        environment: input.environment,
        action: { kind: 'sync' },
        via: 'action',
      });
      return { output: started };
    },
  });

  actionsRegistry.register({
    name: 'rollback-environment',
    title: 'Roll back an environment',
    description:
      "Starts an Argo CD rollback of an entity's environment to one earlier sync of its deployment history (historyId from get-deployment-history), replacing what runs there with that revision; Git is not changed. Argo CD refuses it while automated sync is on. Allowed to the entity's owners and the administrators, and for a production environment only to the production groups and administrators; every attempt is audited.",
    // Replaces the running version with an older one: destructive, and a
    // second call starts a second operation.
    attributes: { readOnly: false, idempotent: false, destructive: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          environment: environmentInput(z),
          historyId: z
            .number()
            .int()
            .min(0)
            .describe(
              'The historyId of the sync to return to, from get-deployment-history',
            ),
        }),
      output: startedOutput,
    },
    examples: [
      {
        title: "Roll the payments API's development environment back to sync 3",
        input: {
          entityRef: 'component:default/payments-api',
          environment: 'dev',
          historyId: 3,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const started = await deliveryActions.perform({
        credentials,
        entityRef: entityRefFromInput(input.entityRef),
        environment: input.environment,
        action: { kind: 'rollback', historyId: input.historyId },
        via: 'action',
      });
      return { output: started };
    },
  });
}
