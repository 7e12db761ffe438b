import { z } from 'zod/v3';

/**
 * The shape of one persona definition, as written in app-config
 * (`groundwork.persona.personas.<id>`) or a personas file. Strict objects,
 * so a misspelt key is reported at its path instead of being ignored.
 */

/** `none` < `read` < `write` < `admin`; write or admin on production needs approval. */
const ACCESS_LEVELS = ['none', 'read', 'write', 'admin'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const roleName = z.string().min(1);

const awsGrant = z
  .object({
    permissionSets: z
      .array(roleName)
      .default([])
      .describe(
        'IAM Identity Center permission set names, assigned to the user on the environment account',
      ),
  })
  .strict();

const gcpGrant = z
  .object({
    roles: z
      .array(
        z
          .string()
          .regex(
            /^(roles|projects\/[^/]+\/roles|organizations\/[^/]+\/roles)\/[A-Za-z0-9_.]+$/,
            'must be a GCP role name such as roles/viewer',
          ),
      )
      .default([])
      .describe('GCP IAM roles granted on the environment project'),
  })
  .strict();

const azureGrant = z
  .object({
    roles: z
      .array(roleName)
      .default([])
      .describe(
        'Azure role definition names assigned on the environment subscription',
      ),
  })
  .strict();

const kubernetesGrant = z
  .object({
    namespaces: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Namespaces for the namespaced roles; placeholders {team}, {environment}, and {services} for every namespace of the team's services in the environment; default: groundwork.persona.kubernetes.namespace",
      ),
    namespaceRoles: z
      .array(roleName)
      .default([])
      .describe('ClusterRoles bound in each namespace with a RoleBinding'),
    clusterRoles: z
      .array(roleName)
      .default([])
      .describe('ClusterRoles bound cluster-wide with a ClusterRoleBinding'),
  })
  .strict();

const ARGOCD_RESOURCES = [
  'applications',
  'applicationsets',
  'logs',
  'exec',
  'projects',
  'repositories',
] as const;
type ArgoCdResource = (typeof ARGOCD_RESOURCES)[number];

const argocdAction = z
  .string()
  .regex(
    /^(\*|get|create|update|delete|sync|override|invoke|action\/\S+)$/,
    'must be an Argo CD action: get, create, update, delete, sync, override, invoke, action/<group/kind/name> or *',
  );

const argocdGrant = z
  .object({
    role: z
      .string()
      .regex(/^role:[A-Za-z0-9._-]+$/)
      .optional()
      .describe(
        'A role defined elsewhere (e.g. the built-in role:readonly) to bind the person to, instead of or beside project permissions',
      ),
    ...Object.fromEntries(
      ARGOCD_RESOURCES.map(resource => [
        resource,
        z
          .array(argocdAction)
          .optional()
          .describe(`Actions on ${resource} in the team's project`),
      ]),
    ),
  })
  .strict() as z.ZodType<ArgoCdGrant>;

export type ArgoCdGrant = { role?: string } & Partial<
  Record<ArgoCdResource, string[]>
>;

export const ARGOCD_RESOURCE_NAMES = ARGOCD_RESOURCES;

const environmentGrantSchema = z
  .object({
    access: z
      .enum(ACCESS_LEVELS)
      .optional()
      .describe('What this grant amounts to: none, read, write or admin'),
    aws: awsGrant.nullable().optional(),
    gcp: gcpGrant.nullable().optional(),
    azure: azureGrant.nullable().optional(),
    kubernetes: kubernetesGrant.nullable().optional(),
    argocd: argocdGrant.nullable().optional(),
  })
  .strict();

export type EnvironmentGrantDefinition = z.infer<typeof environmentGrantSchema>;

const githubTeamSchema = z
  .object({
    slug: z
      .string()
      .regex(
        /^(\{team\}|[a-z0-9][a-z0-9_-]*)$/,
        'must be a GitHub team slug (lower-case letters, digits, - and _) or {team}',
      )
      .describe("The team's slug; {team} is the person's team"),
    role: z.enum(['member', 'maintainer']).default('member'),
  })
  .strict();

export const personaSchema = z
  .object({
    title: z.string().min(1),
    description: z.string().min(1),
    extends: z
      .string()
      .optional()
      .describe('Another persona whose definition this one starts from'),
    privileged: z
      .boolean()
      .optional()
      .describe('Always needs approval, whatever it grants'),
    github: z
      .object({
        organizationRole: z.enum(['member', 'admin']).default('member'),
        teams: z.array(githubTeamSchema).default([]),
      })
      .strict()
      .default({}),
    environments: z
      .record(z.string(), environmentGrantSchema.nullable())
      .default({})
      .describe(
        'Grants by environment selector: all, nonProduction, production, or an environment name (most specific wins, per system)',
      ),
  })
  .strict();

export type PersonaDefinition = z.infer<typeof personaSchema>;
export type PersonaInput = z.input<typeof personaSchema>;

export const PERSONA_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
