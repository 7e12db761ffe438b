import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ModuleFactoryConfig,
  isValidModuleName,
  requireModuleFactoryConfig,
} from '../config';
import { isValidVersion, tagFor } from '../lib/semver';
import {
  readTeamProjectPattern,
  serviceArgocdPlacement,
} from '@groundwork/plugin-groundwork-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { pickEnvironments } from './environments';
import { azureServiceNames } from './azureNames';
import { resolveHostnames } from './hostnames';
import { examples } from './resolve.examples';

/**
 * What a template renders its Terraform against, in one step: the factory's
 * pinned module sources (so skeletons never hard-code an organisation or a
 * version) and the chosen environments as configured in groundwork.environments
 * (production flag, budget, cloud account and region), which templates cannot
 * read from app-config themselves.
 */
export function createModuleFactoryResolveAction(options: {
  config: Config;
  factory?: ModuleFactoryConfig;
}) {
  return createTemplateAction({
    id: 'module-factory:resolve',
    description:
      "Resolves the module factory's pinned sources for the given modules (moduleFactory.versions, or versions given here) and the chosen environments' settings from groundwork.environments, for fetch:template to render Terraform with.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        modules: z =>
          z
            .array(z.string())
            .default([])
            .describe(
              "Module folder names in the factory, e.g. aws-baseline, aws-network. {cloud} stands for the chosen environments' cloud (e.g. {cloud}-service), which they must then share.",
            ),
        cloudModules: z =>
          z
            .object({
              aws: z.array(z.string()).optional(),
              gcp: z.array(z.string()).optional(),
              azure: z.array(z.string()).optional(),
            })
            .optional()
            .describe(
              "Modules to resolve on one cloud only, by cloud, e.g. { aws: [aws-queue], gcp: [gcp-queue] }: resolved when the chosen environments' cloud is that one, left out otherwise (so a template can offer them without pinning a module another cloud does not have). Like {cloud}, they need environments on one cloud.",
            ),
        versions: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              'Versions that override moduleFactory.versions for this run, per module.',
            ),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Environment names chosen in the form; every configured one when absent.',
            ),
        cloud: z =>
          z
            .enum(['aws', 'gcp', 'azure'])
            .optional()
            .describe(
              "The cloud the template renders for; environments on another cloud (or with no cloud configured) are refused. Without it, modules with {cloud} render for the chosen environments' one cloud.",
            ),
        budgets: z =>
          z
            .record(z.number().positive())
            .optional()
            .describe(
              'Monthly budgets per environment chosen in the form; they replace every other budget for that environment.',
            ),
        budget: z =>
          z
            .number()
            .positive()
            .optional()
            .describe(
              "Monthly budget of the stack in each non-production environment; replaces the environment's configured default.",
            ),
        productionBudget: z =>
          z
            .number()
            .positive()
            .optional()
            .describe(
              'Monthly budget of the stack in each production environment; replaces the configured default.',
            ),
        exposure: z =>
          z
            .enum(['internal', 'public'])
            .optional()
            .describe(
              "public: resolve each environment's host name (service is then required, and every chosen environment needs groundwork.environments[].dnsZone).",
            ),
        service: z =>
          z
            .string()
            .optional()
            .describe(
              'The service name, the first label of its host name in each environment: <service>.<dnsZone>.',
            ),
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              "The service's owning Group (entity ref, e.g. group:default/payments). With service, each environment's argocd output puts the service in this team's Argo CD project there.",
            ),
        productionHostname: z =>
          z
            .string()
            .optional()
            .describe(
              "A host name production serves instead of <service>.<dnsZone>; it must lie in the production environment's zone. Empty means none.",
            ),
        dnsZone: z =>
          z
            .string()
            .optional()
            .describe(
              "The zone an environment's external-dns and certificates will serve (the environment template's form). Refused unless it is the chosen environment's groundwork.environments[].dnsZone, which services' host names are made from.",
            ),
      },
      output: {
        repository: z =>
          z.string().describe('Web URL of the factory repository.'),
        sources: z =>
          z
            .record(z.string())
            .describe(
              'Terraform module source per module: git::https://<host>/<owner>/<repo>.git//<module>?ref=<module>/v<version>.',
            ),
        versions: z =>
          z.record(z.string()).describe('Resolved version per module.'),
        currency: z =>
          z.string().describe('Currency of the budgets (groundwork.currency).'),
        environments: z =>
          z
            .array(
              z.object({
                name: z.string().describe('Environment name.'),
                title: z.string().describe('Human name.'),
                production: z.boolean().describe('Whether it is production.'),
                first: z
                  .boolean()
                  .describe(
                    'Whether it is the first chosen environment (hosts shared resources such as the image registry).',
                  ),
                monthlyBudget: z
                  .number()
                  .optional()
                  .describe(
                    'Monthly budget for the stack in this environment; always set when cloud is given.',
                  ),
                budgetSource: z
                  .enum(['form', 'config'])
                  .optional()
                  .describe('Where the budget came from.'),
                argocdInstance: z
                  .string()
                  .optional()
                  .describe('Argo CD instance that delivers to it.'),
                delivery: z
                  .object({
                    mode: z
                      .enum(['in-cluster', 'central'])
                      .describe(
                        'in-cluster: Argo CD is installed into its cluster; central: its cluster is registered with argocdInstance.',
                      ),
                    awsRoleArn: z.string().optional(),
                    gcpServiceAccount: z.string().optional(),
                    azureIdentity: z
                      .object({
                        clientId: z.string(),
                        principalId: z.string(),
                        tenantId: z.string(),
                      })
                      .optional(),
                  })
                  .describe(
                    "How its cluster gets delivery (groundwork.environments[].delivery), and the central Argo CD's identity.",
                  ),
                dnsZone: z
                  .string()
                  .optional()
                  .describe(
                    'DNS zone its external-dns manages (groundwork.environments[].dnsZone).',
                  ),
                hostname: z
                  .string()
                  .optional()
                  .describe(
                    'Host name the service is served under there, when exposure is public.',
                  ),
                argocd: z
                  .object({
                    destination: z
                      .record(z.string())
                      .describe(
                        "The service's Application destination: its namespace on the environment's cluster (name platform-<env> when central, the in-cluster server when the environment runs its own Argo CD).",
                      ),
                    project: z
                      .string()
                      .describe(
                        "The owning team's AppProject in the environment (groundwork.persona.argocd.project, default {team}-{environment}), shared by the team's services there.",
                      ),
                    projectDestinations: z
                      .array(z.record(z.string()))
                      .describe(
                        'What the service adds to that project: its own destination.',
                      ),
                  })
                  .optional()
                  .describe(
                    'Where Argo CD delivers the service, when service and owner are given.',
                  ),
                azure: z
                  .object({
                    keyVault: z.string(),
                    registry: z.string(),
                    storageAccount: z.string(),
                    postgresServer: z.string(),
                    geoKeyVault: z.string(),
                    serviceBusNamespace: z.string(),
                  })
                  .optional()
                  .describe(
                    "Azure, with service: the global names of the service's key vault, registry, storage account, database server and Service Bus namespace there.",
                  ),
                cloud: z
                  .object({
                    provider: z.string().describe('aws, gcp or azure.'),
                    account: z
                      .string()
                      .describe('Account, project or subscription id.'),
                    region: z.string().describe('Region.'),
                    billingAccount: z
                      .string()
                      .optional()
                      .describe(
                        "GCP: the billing account services' budgets are set on.",
                      ),
                  })
                  .describe('Where it runs.'),
              }),
            )
            .describe(
              'The chosen environments in configured order (dev before prod).',
            ),
        cloud: z =>
          z
            .enum(['aws', 'gcp', 'azure'])
            .optional()
            .describe(
              'The cloud every chosen environment runs on, when they share one.',
            ),
        environmentNames: z =>
          z
            .array(z.string())
            .describe('Names of the chosen environments, in order.'),
      },
    },
    async handler(ctx) {
      // Defaults again: callers outside the scaffolder skip the schema.
      const {
        modules = [],
        cloudModules = {},
        versions = {},
        environments,
        cloud,
        budgets = {},
        budget,
        productionBudget,
        exposure,
        service,
        owner,
        productionHostname,
        dnsZone,
      } = ctx.input;
      const { environments: chosen, currency } = pickEnvironments(
        options.config,
        environments,
      );
      // {cloud}: the one cloud the chosen environments share.
      const providers = [
        ...new Set(chosen.map(e => e.cloud?.provider ?? 'none')),
      ];
      const sharedCloud =
        providers.length === 1 && providers[0] !== 'none'
          ? (providers[0] as 'aws' | 'gcp' | 'azure')
          : undefined;
      const placeholder =
        modules.some(m => m.includes('{cloud}')) ||
        Object.values(cloudModules).some(list => (list ?? []).length > 0);
      if (placeholder && !cloud && !sharedCloud) {
        throw new InputError(
          `The chosen environments must share one cloud, whose modules this template renders: ${chosen
            .map(
              e => `${e.name} (${e.cloud?.provider ?? 'no cloud configured'})`,
            )
            .join(', ')}. Choose environments on one cloud.`,
        );
      }
      const renderCloud = cloud ?? (placeholder ? sharedCloud : undefined);
      const team = owner === undefined ? undefined : teamOf(owner);
      const sources: Record<string, string> = {};
      const resolved: Record<string, string> = {};
      const names = [
        ...modules.map(m => m.replaceAll('{cloud}', renderCloud ?? '')),
        ...(renderCloud ? cloudModules[renderCloud] ?? [] : []),
      ];
      if (names.length > 0) {
        const factory = requireModuleFactoryConfig(options.factory);
        const unpinned: string[] = [];
        for (const name of names) {
          if (!isValidModuleName(name)) {
            throw new InputError(`"${name}" is not a valid module name.`);
          }
          const version = versions[name] ?? factory.versions[name];
          if (!version) {
            unpinned.push(name);
            continue;
          }
          if (!isValidVersion(version)) {
            throw new InputError(
              `The version "${version}" given for ${name} is not X.Y.Z.`,
            );
          }
          resolved[name] = version;
          sources[name] = `${factory.gitUrl}//${name}?ref=${tagFor(
            name,
            version,
          )}`;
        }
        if (unpinned.length) {
          throw new InputError(
            `No version is pinned for ${unpinned.join(
              ', ',
            )}: add them to moduleFactory.versions in app-config (pinned now: ${
              Object.keys(factory.versions).join(', ') || 'none'
            }).`,
          );
        }
        ctx.output('repository', factory.webUrl);
      } else {
        ctx.output('repository', options.factory?.webUrl ?? '');
      }

      const unknownBudgets = Object.keys(budgets).filter(
        n => !chosen.some(e => e.name === n),
      );
      if (unknownBudgets.length) {
        throw new InputError(
          `Budgets were given for ${unknownBudgets.join(', ')}, which ${
            unknownBudgets.length > 1 ? 'are' : 'is'
          } not among the chosen environments (${chosen
            .map(e => e.name)
            .join(', ')}).`,
        );
      }
      for (const env of chosen) {
        if (dnsZone && env.dnsZone && dnsZone !== env.dnsZone) {
          throw new InputError(
            `The DNS zone ${JSON.stringify(dnsZone)} is not ${
              env.name
            }'s: groundwork.environments[].dnsZone says ${
              env.dnsZone
            }, and services' host names in ${env.name} are made from it. Use ${
              env.dnsZone
            }, or change the config first.`,
          );
        }
      }
      const hostnames = resolveHostnames(chosen, {
        exposure,
        service,
        productionHostname,
      });
      if (hostnames.unusedProductionHostname) {
        ctx.logger.warn(
          `${hostnames.unusedProductionHostname} is for production, and no production environment was chosen; it is not used.`,
        );
      }
      const out = chosen.map((env, i) => {
        const provider = env.cloud?.provider;
        if (renderCloud && !env.cloud) {
          throw new InputError(
            `groundwork.environments entry "${env.name}" has no cloud (provider, account, region): the template renders ${renderCloud} infrastructure and needs to know where.`,
          );
        }
        if (renderCloud && provider !== renderCloud) {
          throw new InputError(
            `Environment "${env.name}" runs on ${provider}, but this template renders ${renderCloud} infrastructure; choose environments on ${renderCloud}.`,
          );
        }
        // gcp-baseline sets the service's budget on the billing account.
        if (
          resolved['gcp-baseline'] &&
          env.cloud?.provider === 'gcp' &&
          !env.cloud.billingAccount
        ) {
          throw new InputError(
            `groundwork.environments entry "${env.name}" has no cloud.billingAccount: a GCP budget belongs to a billing account, and every governed stack carries a budget. Set it to the billing account of ${env.cloud.account} (01ABCD-23EF45-6789AB).`,
          );
        }
        if (env.cloud && !env.cloud.region) {
          throw new InputError(
            `groundwork.environments entry "${env.name}" has no cloud.region.`,
          );
        }
        const formBudget =
          budgets[env.name] ?? (env.production ? productionBudget : budget);
        const monthlyBudget = formBudget ?? env.monthlyBudget;
        // A template that renders infrastructure renders a budget with it.
        if (
          renderCloud &&
          !(typeof monthlyBudget === 'number' && monthlyBudget > 0)
        ) {
          throw new InputError(
            `Environment "${env.name}" has no monthly budget: set groundwork.environments[].monthlyBudget or give one in the form. Every governed stack carries a budget.`,
          );
        }
        return {
          name: env.name,
          title: env.title,
          production: env.production,
          first: i === 0,
          ...(monthlyBudget !== undefined && {
            monthlyBudget,
            budgetSource: (formBudget !== undefined ? 'form' : 'config') as
              | 'form'
              | 'config',
          }),
          ...(env.argocdInstance ? { argocdInstance: env.argocdInstance } : {}),
          delivery: env.delivery ?? { mode: 'central' as const },
          ...(env.dnsZone ? { dnsZone: env.dnsZone } : {}),
          ...(hostnames.byEnvironment[env.name]
            ? { hostname: hostnames.byEnvironment[env.name] }
            : {}),
          ...(service &&
            team && {
              argocd: serviceArgocdPlacement({
                environment: env,
                namespace: service,
                team,
                projectPattern: readTeamProjectPattern(options.config),
              }),
            }),
          // Global names of the service's Azure resources (azureNames.ts).
          ...(service &&
            provider === 'azure' &&
            env.cloud && {
              azure: azureServiceNames(env.cloud.account, env.name, service),
            }),
          cloud: {
            provider: provider ?? 'unknown',
            account: env.cloud?.account ?? '',
            region: env.cloud?.region ?? '',
            ...(env.cloud?.billingAccount && {
              billingAccount: env.cloud.billingAccount,
            }),
          },
        };
      });
      for (const [name, source] of Object.entries(sources))
        ctx.logger.info(`${name}: ${source}`);
      for (const e of out) {
        ctx.logger.info(
          `${e.name}${e.production ? ' (production)' : ''}: ${
            e.cloud.provider
          } ${e.cloud.account} ${e.cloud.region}${
            e.monthlyBudget === undefined
              ? ''
              : `, budget ${e.monthlyBudget} ${currency}/month (${e.budgetSource})`
          }${e.hostname ? `, served as ${e.hostname}` : ''}`,
        );
      }
      if (sharedCloud) ctx.output('cloud', sharedCloud);
      ctx.output('sources', sources);
      ctx.output('versions', resolved);
      ctx.output('currency', currency);
      ctx.output('environments', out);
      ctx.output(
        'environmentNames',
        out.map(e => e.name),
      );
    },
  });
}

/** The owning Group's name: it names the team's Argo CD project. */
function teamOf(owner: string): string {
  let ref;
  try {
    ref = parseEntityRef(owner, { defaultKind: 'group' });
  } catch {
    ref = undefined;
  }
  if (!ref || ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `owner must be the service's owning Group as an entity ref (group:default/payments); got ${JSON.stringify(
        owner,
      )}.`,
    );
  }
  return ref.name;
}
