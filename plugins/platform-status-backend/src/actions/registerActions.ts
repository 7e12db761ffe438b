import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { StatusReader } from '../api/StatusReader';
import { entityRefFromPath, parseOverviewQuery } from '../api/parseRequest';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The read routes as read-only actions, so that AI agents can ask through
 * the MCP actions backend. Same permission rules as the REST API: the
 * caller's credentials decide what they see.
 */
export function registerActions(options: {
  actionsRegistry: ActionsRegistryService;
  reader: StatusReader;
  environments: string[];
}) {
  const { actionsRegistry, reader, environments } = options;

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
      let ref;
      try {
        ref = parseEntityRef(input.entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        });
      } catch {
        throw new InputError(
          `"${input.entityRef}" is not an entity ref; use kind:namespace/name.`,
        );
      }
      const status = await reader.entityStatus(
        credentials,
        entityRefFromPath(ref),
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
}
