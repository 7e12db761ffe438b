import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  UserEntity,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { stringify } from 'yaml';
import { Subject } from '../subject';

export const ANNOTATION_GITHUB_USER_LOGIN = 'github.com/user-login';
export const ANNOTATION_PERSONA = 'groundwork.dev/persona';
export const ANNOTATION_START_DATE = 'groundwork.dev/start-date';
const ANNOTATION_MANAGER = 'groundwork.dev/manager';
export const ANNOTATION_OFFBOARDED = 'groundwork.dev/offboarded';

const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** Path of the User entity file, relative to the output directory. */
export function userEntityPath(subject: Subject): string {
  return `catalog/users/${subject.userName}.yaml`;
}

/** The catalog User for the person, member of the team. */
export function buildUserEntity(subject: Subject): UserEntity {
  const { person } = subject;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: {
      name: subject.userName,
      namespace: subject.config.catalog.namespace,
      ...(person.name && { title: person.name }),
      annotations: {
        [ANNOTATION_GITHUB_USER_LOGIN]: person.githubLogin,
        [ANNOTATION_PERSONA]: subject.persona.id,
        ...(subject.startDate && {
          [ANNOTATION_START_DATE]: subject.startDate,
        }),
        ...(subject.manager && { [ANNOTATION_MANAGER]: subject.manager }),
      },
    },
    spec: {
      profile: {
        ...(person.name && { displayName: person.name }),
        email: person.email,
      },
      memberOf: [subject.team.ref],
    },
  };
}

/**
 * The User as offboarding leaves it when `catalog.offboard` is `mark`: no
 * longer a member of any group, annotated with the day it was offboarded.
 */
export function buildOffboardedUserEntity(
  subject: Subject,
  date: string,
): UserEntity {
  const entity = buildUserEntity(subject);
  entity.metadata.annotations![ANNOTATION_OFFBOARDED] = date;
  delete entity.metadata.annotations![ANNOTATION_START_DATE];
  entity.spec.memberOf = [];
  return entity;
}

/**
 * Holds the entity to the catalog's own validators, so that what the pull
 * request adds is what `catalog:register` and the processing loop accept.
 */
export async function validateUserEntity(entity: UserEntity): Promise<void> {
  try {
    const enforced = await policies.enforce(entity);
    if (!enforced || !(await userEntityV1alpha1Validator.check(enforced))) {
      throw new Error('not a User entity');
    }
  } catch (error) {
    throw new InputError(
      `The User entity for ${
        entity.metadata.name
      } would not be accepted by the catalog: ${
        (error as Error).message
      }. Check the person's name, email and GitHub login.`,
    );
  }
}

export function renderUserEntity(entity: UserEntity): string {
  return `# Managed by persona:onboard (Groundwork).\n${stringify(entity)}`;
}
