import { AuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { ANNOTATION_ORIGIN_LOCATION } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironments,
  formatExpiresAt,
  serviceArgocdPlacement,
} from '@groundwork/plugin-groundwork-common';
import { principalName } from '@groundwork/plugin-groundwork-node';
import { examples } from './check.examples';
import { authorizeTeardown } from './teardownRule';

interface CheckExpiryActionOptions {
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  environments: GroundworkEnvironments;
  /** `readTeamProjectPattern`: the owning team's Argo CD project per environment. */
  teamProjectPattern: string;
  /** The portal's clock (tests fix it). */
  now?: () => Date;
}

const SLUG_ANNOTATION = 'github.com/project-slug';
const SLUG =
  /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9_.-]{1,100})$/;
/** new-service publishes to GitHub with `main` as the default branch. */
const BRANCH = 'main';

/**
 * groundwork:expiry:check: the first step of the service-teardown template.
 * Decides whether the preview service may be destroyed now (the rule in
 * teardownRule.ts) and says what New service made for it, so the later
 * steps destroy exactly that: the first environment's Terraform stack
 * (same entity and environment, so the same state key), its Argo CD
 * Application, and the catalog location it was registered from.
 */
export function createCheckExpiryAction(options: CheckExpiryActionOptions) {
  const { catalog, auth, permissions, environments } = options;
  const now = options.now ?? (() => new Date());
  return createTemplateAction({
    id: 'groundwork:expiry:check',
    description: `Refuses, before anything is destroyed, to tear down a service unless it is a preview: a Component with an owner, a valid ${ANNOTATION_EXPIRES_AT} and only non-production environments, read from the catalog with the task's credentials; and unless its expiry has passed (anyone, platform status's expiry job included) or the person is one of its owners or an administrator. Outputs what New service made for it: its first environment, repository, Terraform code location, Argo CD Application and catalog location. Read-only, so it runs in dry runs too.`,
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The preview service to tear down, e.g. component:default/payments-preview',
            ),
      },
      output: {
        entityRef: z => z.string().describe('The full entity reference'),
        name: z => z.string().describe("The service's name"),
        owner: z => z.string().describe('Its owner, as an entity reference'),
        expiresAt: z => z.string().describe(`Its ${ANNOTATION_EXPIRES_AT}`),
        expired: z =>
          z
            .boolean()
            .describe(
              'Whether the expiry has passed; false when an owner or administrator tears it down early',
            ),
        environment: z =>
          z
            .string()
            .describe(
              'The environment New service provisioned (its first), which the teardown destroys',
            ),
        environments: z =>
          z
            .array(z.string())
            .describe('Every environment it declares, none of them production'),
        repoUrl: z =>
          z
            .string()
            .describe(
              'github.com?owner=...&repo=...; the repository is left in place',
            ),
        infraUrl: z =>
          z
            .string()
            .describe(
              "The environment's Terraform on the default branch (infra/envs/<env>), for fetch:plain",
            ),
        argocdInstance: z =>
          z
            .string()
            .optional()
            .describe(
              "The environment's Argo CD instance (groundwork.environments[].argocdInstance), if not the default",
            ),
        argocdApp: z =>
          z
            .string()
            .describe('The Application New service made: <name>-<environment>'),
        argocdProject: z =>
          z.string().describe("The owning team's AppProject it is in"),
        location: z =>
          z
            .string()
            .describe(
              'The catalog location it was registered from (backstage.io/managed-by-origin-location)',
            ),
      },
    },
    async handler(ctx) {
      const credentials = await ctx.getInitiatorCredentials();
      const teardown = await authorizeTeardown({
        entityRef: ctx.input.entityRef,
        credentials,
        catalog,
        auth,
        permissions,
        environments,
        now: now(),
      });
      const { entity, entityRef } = teardown;
      const [first, ...others] = teardown.environments;
      const slug = entity.metadata.annotations?.[SLUG_ANNOTATION] ?? '';
      const m = SLUG.exec(slug);
      if (!m) {
        throw new InputError(
          `${entityRef} is not torn down: it has no valid ${SLUG_ANNOTATION} annotation (owner/repo), so the Terraform code to destroy its infrastructure with is unknown. Add it to its catalog-info.yaml. Nothing was destroyed.`,
        );
      }
      const [, repoOwner, repo] = m;
      const location =
        entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION] ?? '';
      if (!location) {
        throw new InputError(
          `${entityRef} is not torn down: the catalog says nothing of where it was registered from (${ANNOTATION_ORIGIN_LOCATION}), so its catalog entry could not be removed. Nothing was destroyed.`,
        );
      }
      const team = teardown.owner.startsWith('group:')
        ? teardown.owner.slice(teardown.owner.indexOf('/') + 1)
        : undefined;
      if (!team) {
        throw new InputError(
          `${entityRef} is not torn down: it is owned by ${teardown.owner}, not a Group, and New service delivers a service in its owning team's Argo CD project. Nothing was destroyed.`,
        );
      }
      const placement = serviceArgocdPlacement({
        environment: first,
        namespace: entity.metadata.name,
        team,
        projectPattern: options.teamProjectPattern,
      });
      const expiresAt = formatExpiresAt(teardown.expiresAt);
      ctx.logger.info(
        `${entityRef} (owner ${teardown.owner}) ${
          teardown.expired
            ? `expired at ${expiresAt}; teardown started by ${principalName(
                credentials,
              )}`
            : `expires at ${expiresAt}; torn down early at the request of ${principalName(
                credentials,
              )} (an owner or an administrator)`
        }: destroying what New service made in ${
          first.name
        }. The repository ${repoOwner}/${repo} is left in place; archiving it is the owner's call.`,
      );
      if (others.length > 0) {
        ctx.logger.warn(
          `${entityRef} also declares ${others
            .map(e => e.name)
            .join(
              ', ',
            )}; a preview is never promoted, so nothing of it was made there by Groundwork, and nothing there is destroyed.`,
        );
      }
      ctx.output('entityRef', entityRef);
      ctx.output('name', entity.metadata.name);
      ctx.output('owner', teardown.owner);
      ctx.output('expiresAt', expiresAt);
      ctx.output('expired', teardown.expired);
      ctx.output('environment', first.name);
      ctx.output(
        'environments',
        teardown.environments.map(e => e.name),
      );
      ctx.output('repoUrl', `github.com?owner=${repoOwner}&repo=${repo}`);
      ctx.output(
        'infraUrl',
        `https://github.com/${repoOwner}/${repo}/tree/${BRANCH}/infra/envs/${first.name}`,
      );
      if (first.argocdInstance) {
        ctx.output('argocdInstance', first.argocdInstance);
      }
      ctx.output('argocdApp', `${entity.metadata.name}-${first.name}`);
      ctx.output('argocdProject', placement.project);
      ctx.output('location', location);
    },
  });
}
