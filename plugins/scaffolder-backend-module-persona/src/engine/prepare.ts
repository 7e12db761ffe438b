import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  isGroupEntity,
  isUserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { grantFor } from '../catalogue/resolvePersona';
import { PersonaModuleConfig } from '../config';
import { Person, Subject, Team } from '../subject';

/** GitHub's own rule: 1 to 39 letters, digits or single hyphens inside. */
const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Strict enough for an IAM user name, an RBAC subject and a CSV field. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEAM_SLUG_ANNOTATION = 'github.com/team-slug';

export interface PersonInput {
  name?: string;
  email: string;
  githubLogin: string;
}

export interface SubjectInput {
  person: PersonInput;
  persona: string;
  team: string;
  environments?: string[];
  startDate?: string;
  endDate?: string;
  manager?: string;
}

function checkDate(value: string | undefined, key: string) {
  if (value === undefined) return;
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !DATE.test(value) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  ) {
    throw new InputError(
      `${key} "${value}" is not a date; write it as YYYY-MM-DD, e.g. 2026-01-05.`,
    );
  }
}

/** Checks the person, refusing before anything is looked up or changed. */
export function checkPerson(person: PersonInput, requireName: boolean): Person {
  const name = person.name?.trim();
  if (requireName && !name) {
    throw new InputError(
      'person.name is required: the name the person goes by, e.g. "Ada Lovelace".',
    );
  }
  // eslint-disable-next-line no-control-regex
  if (name && (name.length > 200 || /[\u0000-\u001f\u007f]/.test(name))) {
    throw new InputError(
      'person.name must be at most 200 characters on one line.',
    );
  }
  const email = person.email?.trim();
  if (!email || email.length > 254 || !EMAIL.test(email)) {
    throw new InputError(
      `person.email "${person.email}" is not an email address; give the person's work address, e.g. ada@example.com.`,
    );
  }
  const githubLogin = person.githubLogin?.trim().replace(/^@/, '');
  if (!githubLogin || !GITHUB_LOGIN.test(githubLogin)) {
    throw new InputError(
      `person.githubLogin "${person.githubLogin}" is not a GitHub login: 1 to 39 letters, digits or single hyphens, not starting or ending with a hyphen.`,
    );
  }
  return { name: name || undefined, email, githubLogin };
}

function userNameFor(person: Person, config: PersonaModuleConfig): string {
  return config.catalog.userName === 'githubLogin'
    ? person.githubLogin
    : person.email
        .split('@')[0]
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The person's team: the catalog Group and the GitHub team that mirrors it
 * (`github.com/team-slug`, else the Group's name), looked up with the
 * caller's credentials.
 */
export async function resolveTeam(
  team: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Team> {
  let teamRef: string;
  try {
    teamRef = stringifyEntityRef(
      parseEntityRef(team, {
        defaultKind: 'group',
        defaultNamespace: DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    throw new InputError(
      `team "${team}" is not an entity reference; use a Group ref such as group:default/payments.`,
    );
  }
  const group = await catalog.getEntityByRef(teamRef, { credentials });
  if (!group || !isGroupEntity(group)) {
    throw new InputError(
      `team ${teamRef} is not a Group in the catalog; pick the person's team from the catalog (Groups of type team).`,
    );
  }
  const slugAnnotation = group.metadata.annotations?.[TEAM_SLUG_ANNOTATION];
  const githubSlug = slugAnnotation
    ? slugAnnotation.split('/').pop()!
    : group.metadata.name.toLowerCase();

  return { ref: teamRef, name: group.metadata.name, githubSlug };
}

/**
 * Turns the action's input into a Subject: the persona resolved for the
 * environments in scope, the team looked up in the catalog with the
 * initiator's credentials. Every InputError here comes before any change.
 */
export async function prepareSubject(options: {
  input: SubjectInput;
  requireName: boolean;
  catalogue: PersonaCatalogue;
  environments: GroundworkEnvironments;
  config: PersonaModuleConfig;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<Subject> {
  const { input, catalogue, environments, config, catalog, credentials } =
    options;
  const person = checkPerson(
    input.person ?? ({} as PersonInput),
    options.requireName,
  );
  const persona = catalogue.get(input.persona);
  if (options.requireName && !input.startDate) {
    throw new InputError(
      'startDate is required: the first working day, YYYY-MM-DD.',
    );
  }
  checkDate(input.startDate, 'startDate');
  checkDate(input.endDate, 'endDate');

  const names = input.environments?.length
    ? [...new Set(input.environments)]
    : environments.environments.map(e => e.name);
  const inScope = names.map(name => {
    try {
      return environments.get(name);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
  });
  inScope.sort((a, b) => a.order - b.order);

  const team = await resolveTeam(input.team, catalog, credentials);

  let manager: string | undefined;
  if (input.manager) {
    try {
      manager = stringifyEntityRef(
        parseEntityRef(input.manager, {
          defaultKind: 'user',
          defaultNamespace: DEFAULT_NAMESPACE,
        }),
      );
    } catch {
      throw new InputError(
        `manager "${input.manager}" is not an entity reference; use a User ref such as user:default/grace.hopper.`,
      );
    }
    const entity = await catalog.getEntityByRef(manager, { credentials });
    if (!entity || !isUserEntity(entity)) {
      throw new InputError(
        `manager ${manager} is not a User in the catalog; pick the person's manager from the catalog.`,
      );
    }
  }

  return {
    person,
    userName: userNameFor(person, config),
    persona,
    team,
    grants: inScope.map(env => grantFor(persona, env)),
    environments: environments.environments,
    startDate: input.startDate,
    endDate: input.endDate,
    manager,
    config,
  };
}

/** Why a person-level target is kept by an offboarding of some environments. */
export const PARTIAL_SCOPE_DETAIL =
  'kept: offboarding covers only some environments; leave environments empty to offboard completely';

/** Whether the scope is every configured environment (a full offboarding). */
export function coversEveryEnvironment(subject: Subject): boolean {
  return subject.grants.length === subject.environments.length;
}
