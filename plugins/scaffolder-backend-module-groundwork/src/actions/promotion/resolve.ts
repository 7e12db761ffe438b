import fs from 'node:fs/promises';
import path from 'node:path';
import {
  AuthService,
  PermissionsService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  authorizeEntityChange,
  authorizeEnvironmentChange,
} from '@groundwork/plugin-groundwork-node';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironment,
  GroundworkEnvironments,
  readExpiry,
  serviceArgocdPlacement,
} from '@groundwork/plugin-groundwork-common';
import { parseNewEntityRef } from '../requireNewEntity';
import { deployedTag, overlayPath, pinTag } from './overlay';
import { examples } from './resolve.examples';

interface ResolvePromotionActionOptions {
  permissions: PermissionsService;
  catalog: CatalogService;
  auth: AuthService;
  reader: UrlReaderService;
  environments: GroundworkEnvironments;
  /** `readTeamProjectPattern`: the owning team's AppProject per environment. */
  teamProjectPattern: string;
}

const ENVIRONMENTS_ANNOTATION = 'groundwork.dev/environments';
const SLUG_ANNOTATION = 'github.com/project-slug';
const SLUG =
  /^([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})\/([A-Za-z0-9_.-]{1,100})$/;
/** new-service publishes to GitHub with `main` as the default branch. */
const BRANCH = 'main';

/** The environments the entity declares, in the portal's order (dev before prod). */
function declaredEnvironments(
  entity: Entity,
  entityRef: string,
  environments: GroundworkEnvironments,
): GroundworkEnvironment[] {
  const names = (entity.metadata.annotations?.[ENVIRONMENTS_ANNOTATION] ?? '')
    .split(',')
    .map(n => n.trim())
    .filter(Boolean);
  if (names.length === 0) {
    throw new InputError(
      `${entityRef} declares no environments (annotation ${ENVIRONMENTS_ANNOTATION}); services made with new-service have it. Add it to catalog-info.yaml, e.g. "dev,staging,prod".`,
    );
  }
  return names
    .map(name => {
      const env = environments.find(name);
      if (!env) {
        throw new InputError(
          `${entityRef} declares environment "${name}" (${ENVIRONMENTS_ANNOTATION}), which the portal does not configure (groundwork.environments); fix the annotation.`,
        );
      }
      return env;
    })
    .sort((a, b) => a.order - b.order);
}

/**
 * groundwork:promotion:resolve: what promoting a service into an
 * environment means, checked before anything changes. The image comes only
 * from the environment before it, as its GitOps overlay on the default
 * branch pins it, so nothing reaches prod that staging has not run, and no
 * environment is skipped. Writes the target overlay with that image pinned,
 * for the pull request step.
 */
export function createResolvePromotionAction(
  options: ResolvePromotionActionOptions,
) {
  const { permissions, catalog, auth, reader, environments } = options;
  return createTemplateAction({
    id: 'groundwork:promotion:resolve',
    description:
      "Resolves a promotion of a service (made with new-service) into its next environment: checks that the person may change the service there, that the environment before it runs a released image (no environment is skipped; the first one is deployed by CI), reads that image's tag from the previous environment's GitOps overlay (deploy/overlays/<env>/kustomization.yaml on main), and writes the target overlay with the tag pinned under targetPath for a pull request. Read-only outside the workspace, so it runs in dry runs too.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The service to promote, e.g. component:default/payments-api',
            ),
        environment: z =>
          z
            .string()
            .min(1)
            .describe(
              'The environment to promote into (a name from groundwork.environments the service declares, not its first)',
            ),
        targetPath: z =>
          z
            .string()
            .default('promotion')
            .describe(
              'Workspace folder the pinned overlay is written under, at its repository path (deploy/overlays/<env>/kustomization.yaml)',
            ),
      },
      output: {
        destination: z =>
          z
            .record(z.string())
            .describe(
              "The Application's destination: the service's namespace on the target environment's cluster, as new-service places it",
            ),
        project: z =>
          z
            .string()
            .describe(
              "The owning team's AppProject in the target environment, where new-service puts the service too",
            ),
        projectDestinations: z =>
          z
            .array(z.record(z.string()))
            .describe(
              'What the service adds to that project: its own destination',
            ),
        entityRef: z => z.string(),
        name: z => z.string().describe("The service's name"),
        environment: z => z.string(),
        previousEnvironment: z => z.string(),
        production: z => z.boolean(),
        argocdInstance: z =>
          z
            .string()
            .optional()
            .describe(
              "The target environment's Argo CD instance, if not the default",
            ),
        imageTag: z =>
          z.string().describe('The image tag the previous environment runs'),
        currentTag: z =>
          z
            .string()
            .optional()
            .describe('What the target overlay pinned before, if released'),
        repoUrl: z =>
          z
            .string()
            .describe('github.com?owner=...&repo=..., for publish steps'),
        gitUrl: z => z.string().describe('https://github.com/owner/repo.git'),
        infraUrl: z =>
          z
            .string()
            .describe(
              "The target environment's Terraform on the default branch (infra/envs/<env>), for fetch:plain",
            ),
        overlayPath: z => z.string(),
        branch: z =>
          z.string().describe('Default branch the overlays are read from'),
        branchName: z =>
          z
            .string()
            .describe(
              'A branch name for the pull request, e.g. promote/staging/<tag>',
            ),
      },
    },
    async handler(ctx) {
      const entityRef = stringifyEntityRef(
        parseNewEntityRef(ctx.input.entityRef),
      );
      let target: GroundworkEnvironment;
      try {
        target = environments.get(ctx.input.environment);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      const credentials = await ctx.getInitiatorCredentials();

      // Ownership and production first: a refusal reads nothing.
      const { isNew } = await authorizeEntityChange({
        permissions,
        catalog,
        auth,
        credentials,
        entityRef,
        what: `promote to ${target.name}`,
      });
      if (isNew) {
        throw new NotFoundError(
          `${entityRef} is not in the catalog; only a registered service can be promoted. Create it with new-service first.`,
        );
      }
      await authorizeEnvironmentChange({
        permissions,
        credentials,
        environment: target,
        what: `promote ${entityRef} to ${target.name}`,
      });
      const entity = await catalog.getEntityByRef(entityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        throw new NotFoundError(`${entityRef} is not in the catalog.`);
      }
      // A preview is destroyed when it expires, with its one environment:
      // promoted, it would leave infrastructure the teardown never touches.
      // An annotation that does not read as an expiry is refused too.
      if (readExpiry(entity).kind !== 'none') {
        throw new ConflictError(
          `${entityRef} is a preview service (${ANNOTATION_EXPIRES_AT}: ${entity.metadata.annotations?.[ANNOTATION_EXPIRES_AT]}), and a preview is never promoted: it is destroyed when it expires. To keep the service, create it again with New service without a time to live and promote that one; or, if it should never have expired, remove the annotation from its catalog-info.yaml first.`,
        );
      }

      const declared = declaredEnvironments(entity, entityRef, environments);
      const index = declared.findIndex(e => e.name === target.name);
      if (index < 0) {
        throw new InputError(
          `${entityRef} does not declare ${target.name}; it runs in ${declared
            .map(e => e.name)
            .join(
              ', ',
            )} (${ENVIRONMENTS_ANNOTATION}). Add the environment to catalog-info.yaml and its infra/envs and deploy/overlays folders first.`,
        );
      }
      if (index === 0) {
        throw new InputError(
          `${
            target.name
          } is ${entityRef}'s first environment: its CI deploys every merge to main there. Promote into ${
            declared[1]?.name ?? 'a later environment'
          } instead.`,
        );
      }
      const previous = declared[index - 1];

      const slug = entity.metadata.annotations?.[SLUG_ANNOTATION] ?? '';
      const m = SLUG.exec(slug);
      if (!m) {
        throw new InputError(
          `${entityRef} has no valid ${SLUG_ANNOTATION} annotation (owner/repo), so its GitOps repository is unknown; add it to catalog-info.yaml.`,
        );
      }
      const [, owner, repo] = m;
      const blob = (file: string) =>
        `https://github.com/${owner}/${repo}/blob/${BRANCH}/${file}`;
      const read = async (file: string) => {
        try {
          const res = await reader.readUrl(blob(file));
          return (await res.buffer()).toString('utf8');
        } catch (e) {
          if (isError(e) && e.name === 'NotFoundError') {
            throw new NotFoundError(
              `${owner}/${repo} has no ${file} on ${BRANCH}; new-service renders one overlay per declared environment. Restore it and run the promotion again.`,
            );
          }
          throw e;
        }
      };

      const from = overlayPath(previous.name);
      const imageTag = deployedTag(
        await read(from),
        `${owner}/${repo}:${from}`,
      );
      if (!imageTag) {
        throw new ConflictError(
          `${entityRef} runs no released image in ${
            previous.name
          } yet (${from} pins "unreleased"), so there is nothing to promote to ${
            target.name
          }: environments are promoted in order. ${
            index === 1
              ? `Merge a change to main so that CI deploys ${previous.name}`
              : `Promote it to ${previous.name} first and merge that pull request`
          }, then run this again.`,
        );
      }
      const into = overlayPath(target.name);
      const targetText = await read(into);
      const where = `${owner}/${repo}:${into}`;
      const currentTag = deployedTag(targetText, where);
      const pinned = pinTag(targetText, where, imageTag);

      const out = path.resolve(ctx.workspacePath, ctx.input.targetPath, into);
      if (!out.startsWith(path.resolve(ctx.workspacePath) + path.sep)) {
        throw new InputError(
          `targetPath "${ctx.input.targetPath}" leaves the workspace; use a relative folder such as promotion.`,
        );
      }
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, pinned, 'utf8');

      ctx.logger.info(
        `Promoting ${entityRef} from ${previous.name} to ${
          target.name
        }: image tag ${imageTag}${
          currentTag ? ` (${target.name} runs ${currentTag})` : ''
        }.`,
      );
      ctx.output('entityRef', entityRef);
      ctx.output('name', entity.metadata.name);
      const placement = serviceArgocdPlacement({
        environment: target,
        namespace: entity.metadata.name,
        team: owningTeam(entity, entityRef),
        projectPattern: options.teamProjectPattern,
      });
      ctx.output('destination', placement.destination);
      ctx.output('project', placement.project);
      ctx.output('projectDestinations', placement.projectDestinations);
      ctx.output('environment', target.name);
      ctx.output('previousEnvironment', previous.name);
      ctx.output('production', target.production);
      if (target.argocdInstance) {
        ctx.output('argocdInstance', target.argocdInstance);
      }
      ctx.output('imageTag', imageTag);
      if (currentTag) ctx.output('currentTag', currentTag);
      ctx.output('repoUrl', `github.com?owner=${owner}&repo=${repo}`);
      ctx.output('gitUrl', `https://github.com/${owner}/${repo}.git`);
      ctx.output(
        'infraUrl',
        `https://github.com/${owner}/${repo}/tree/${BRANCH}/infra/envs/${target.name}`,
      );
      ctx.output('overlayPath', into);
      ctx.output('branch', BRANCH);
      // A tag may hold '..', which no Git ref may.
      ctx.output(
        'branchName',
        `promote/${target.name}/${imageTag.replace(/\.{2,}/g, '.')}`.replace(
          /\.(lock)?$/,
          '-$1',
        ),
      );
    },
  });
}

/** The owning Group's name, which names its team's Argo CD project. */
function owningTeam(entity: Entity, entityRef: string): string {
  const owner = entity.spec?.owner;
  let ref;
  try {
    ref =
      typeof owner === 'string'
        ? parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace,
          })
        : undefined;
  } catch {
    ref = undefined;
  }
  if (!ref || ref.kind.toLocaleLowerCase('en-US') !== 'group') {
    throw new InputError(
      `${entityRef} is owned by ${JSON.stringify(
        owner ?? null,
      )}, not a Group: a service is delivered in its owning team's Argo CD project. Set spec.owner in catalog-info.yaml to the team's Group.`,
    );
  }
  return ref.name;
}
