import { AuthService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  DEFAULT_NAMESPACE,
  Entity,
  RELATION_OWNED_BY,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './requireNewEntity.examples';

export interface RequireNewEntityActionOptions {
  catalog: CatalogService;
  auth: AuthService;
}

const validator = makeValidator();

/** The entity the template will create, checked before anything asks the catalog. */
export function parseNewEntityRef(value: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(value.trim(), { defaultNamespace: DEFAULT_NAMESPACE });
  } catch {
    throw new InputError(
      `entityRef "${value}" is not an entity reference; write kind:namespace/name, e.g. component:default/payments-api.`,
    );
  }
  const problems = [
    !validator.isValidKind(ref.kind) && `kind "${ref.kind}"`,
    !validator.isValidNamespace(ref.namespace) &&
      `namespace "${ref.namespace}"`,
    !validator.isValidEntityName(ref.name) && `name "${ref.name}"`,
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new InputError(
      `entityRef "${value}" has an invalid ${problems.join(
        ' and ',
      )}: a name is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`,
    );
  }
  return ref;
}

/** Who owns an entity, as a full reference, for the message that says whom to ask. */
function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return owner;
  }
}

/**
 * groundwork:entity:require-new: the first step of a template that creates
 * an entity. Fails with a ConflictError naming the existing entity and its
 * owner when the catalog already has it, so that a second "new" service
 * with an existing name cannot take over that service's repository, state
 * and deployments. The catalog is asked with the module's own service
 * credentials, not the person's: an entity they may not read still counts.
 */
export function createRequireNewEntityAction(
  options: RequireNewEntityActionOptions,
) {
  const { catalog, auth } = options;
  return createTemplateAction({
    id: 'groundwork:entity:require-new',
    description:
      "Fails when the catalog already has the entity the template is about to create (whoever may read it: the catalog is asked with the scaffolder module's own credentials), naming the entity and its owner. Put it first, before any step that creates or changes something. Read-only, so it runs in dry runs too.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .min(1)
            .describe(
              'The entity the template creates, with its kind and namespace, e.g. component:default/payments-api',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The same entity reference, normalised (kind lower-case, namespace spelled out), for later steps',
            ),
      },
    },
    async handler(ctx) {
      const ref = parseNewEntityRef(ctx.input.entityRef);
      const entityRef = stringifyEntityRef(ref);
      const existing = await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      if (existing) {
        const found = stringifyEntityRef(existing);
        const owner = ownerOf(existing);
        throw new ConflictError(
          `${found} already exists in the catalog${
            owner ? `, owned by ${owner}` : ''
          }. Choose another name; to change ${found} itself, ${
            owner ? `ask ${owner}` : 'ask its owner'
          } or use a template made for changing it.`,
        );
      }
      ctx.logger.info(
        `${entityRef} is not in the catalog yet: the name is free.`,
      );
      ctx.output('entityRef', entityRef);
    },
  });
}
