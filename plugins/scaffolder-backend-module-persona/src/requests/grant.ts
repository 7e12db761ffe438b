import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DEFAULT_NAMESPACE,
  isUserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { GitHubTarget, gitHubTargets } from '../engine/github';
import {
  checkPerson,
  PersonInput,
  prepareSubject,
  resolveTeam,
} from '../engine/prepare';
import type { PersonaCoreDeps } from '../engine/deps';
import { ANNOTATION_GITHUB_USER_LOGIN } from '../render/userEntity';
import { Person, Subject } from '../subject';
import { accessRequestPayload, subjectInputOf } from './payload';

/**
 * What an access request grants, resolved from its payload the same way
 * for validate, describe, apply, revoke and review: who, which GitHub
 * memberships, about which entity and environment, until when.
 */
export interface ResolvedGrant {
  /** The payload as stored: normalised, anything else dropped. */
  payload: JsonObject;
  person: Person;
  /** The person's User entity ref. */
  userRef: string;
  /** In the order they are applied; a temporary grant holds teams only. */
  targets: GitHubTarget[];
  title: string;
  /** The team's Group (or the system) the grant is about. */
  entityRef: string;
  environment?: string;
  expiresAt?: string;
  /** The persona whose GitHub teams it grants, when it names one. */
  persona?: string;
  /** The resolved onboarding, for the onboarding form. */
  subject?: Subject;
}

const ROLES = ['member', 'maintainer'] as const;

/** Refuses a time that is not an ISO 8601 instant, or one already past. */
function checkExpiresAt(value: unknown, now: Date): string {
  const bad = () =>
    new InputError(
      `expiresAt "${value}" is not an ISO 8601 instant with a time zone; write it as 2026-01-05T18:00:00Z.`,
    );
  if (typeof value !== 'string') throw bad();
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(
      value,
    )
  ) {
    throw bad();
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw bad();
  if (at.getTime() <= now.getTime()) {
    throw new InputError(
      `expiresAt ${value} is in the past; temporary access must end after it is asked for.`,
    );
  }
  // The maximum per environment (groundwork.requests.environments.<env>.maxDuration)
  // is the requests backend's to enforce: it holds that configuration.
  return at.toISOString();
}

function entityRefOf(value: unknown, kind: string, key: string): string {
  try {
    const ref = parseEntityRef(String(value ?? ''), {
      defaultKind: kind,
      defaultNamespace: DEFAULT_NAMESPACE,
    });
    if (ref.kind.toLowerCase() !== kind) throw new Error();
    return stringifyEntityRef(ref);
  } catch {
    throw new InputError(
      `${key} "${value}" is not a ${kind} entity reference, e.g. ${kind}:default/payments.`,
    );
  }
}

/** Whether a payload is the single-grant form ("Request access on a system"). */
export function isSingleGrant(payload: unknown): boolean {
  return (
    typeof (payload as Record<string, unknown> | null)?.environment === 'string'
  );
}

/** Turns a target into the words of a change, as apply reports it. */
export function targetWords(t: GitHubTarget, login: string): string {
  return `${t.label} (${t.role}) for @${login}`;
}

export function createGrantResolver(options: {
  deps: PersonaCoreDeps;
  credentials: () => Promise<BackstageCredentials>;
  now?: () => Date;
}) {
  const { deps } = options;
  const now = options.now ?? (() => new Date());
  const namespace = deps.config.catalog.namespace;

  async function userOf(userRef: string, credentials: BackstageCredentials) {
    const user = await deps.catalog.getEntityByRef(userRef, { credentials });
    if (!user || !isUserEntity(user)) {
      throw new InputError(
        `person ${userRef} is not a User in the catalog; pick the person from the catalog.`,
      );
    }
    const login = user.metadata.annotations?.[ANNOTATION_GITHUB_USER_LOGIN];
    if (!login) {
      throw new InputError(
        `person ${userRef} has no ${ANNOTATION_GITHUB_USER_LOGIN} annotation, so their GitHub account is unknown; add it to the User entity, or give the person as { name, email, githubLogin }.`,
      );
    }
    return { user, login };
  }

  /** A person given as a User entity ref is read from the catalog. */
  async function personOf(
    value: unknown,
    credentials: BackstageCredentials,
  ): Promise<{ person: Person; userRef?: string }> {
    if (typeof value !== 'string') {
      const p = (value ?? {}) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const ref = str(p.ref);
      const person = checkPerson(
        {
          name: str(p.name),
          email: str(p.email) ?? '',
          githubLogin: str(p.githubLogin) ?? '',
        },
        false,
      );
      if (!ref) return { person };
      // A ref is the request's subject, who may not decide it: it must be
      // the User whose GitHub login is granted, not any name.
      const userRef = entityRefOf(ref, 'user', 'person.ref');
      const login = (await userOf(userRef, credentials)).login;
      if (login.toLowerCase() !== person.githubLogin.toLowerCase()) {
        throw new InputError(
          `person.ref ${userRef} is GitHub user ${login}, not ${person.githubLogin}; give the person's own User entity, or leave ref out.`,
        );
      }
      return { person, userRef };
    }
    const userRef = entityRefOf(value, 'user', 'person');
    const { user, login } = await userOf(userRef, credentials);
    const input: PersonInput = {
      name: user.spec.profile?.displayName,
      email: user.spec.profile?.email ?? '',
      githubLogin: login,
    };
    return { person: checkPerson(input, false), userRef };
  }

  async function single(
    payload: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<ResolvedGrant> {
    const org = deps.config.github?.organization;
    if (!org) {
      throw new InputError(
        'groundwork.persona.github.organization is not configured, so there is no GitHub team to grant.',
      );
    }
    const { person, userRef: givenRef } = await personOf(
      payload.person,
      credentials,
    );
    let environment: string;
    try {
      environment = deps.environments.get(String(payload.environment)).name;
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const expiresAt = checkExpiresAt(payload.expiresAt, now());
    if ((payload.system === undefined) === (payload.team === undefined)) {
      throw new InputError(
        'Give either system (the System whose owning team grants access) or team (a Group), not both and not neither.',
      );
    }
    let teamRef: string;
    let entityRef: string;
    if (payload.system !== undefined) {
      entityRef = entityRefOf(payload.system, 'system', 'system');
      const system = await deps.catalog.getEntityByRef(entityRef, {
        credentials,
      });
      const owner = (system?.spec as { owner?: unknown } | undefined)?.owner;
      if (!system || typeof owner !== 'string') {
        throw new InputError(
          `system ${entityRef} is not a System with an owner in the catalog; pick the system from the catalog.`,
        );
      }
      const ownerRef = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: system.metadata.namespace ?? DEFAULT_NAMESPACE,
      });
      if (ownerRef.kind.toLowerCase() !== 'group') {
        throw new InputError(
          `system ${entityRef} is owned by ${owner}, not a Group, so no GitHub team grants access to it; ask for the team instead.`,
        );
      }
      teamRef = stringifyEntityRef(ownerRef);
    } else {
      teamRef = entityRefOf(payload.team, 'group', 'team');
      entityRef = teamRef;
    }
    if ((payload.persona === undefined) === (payload.role === undefined)) {
      throw new InputError(
        `Give either persona (whose GitHub teams are granted) or role (${ROLES.join(
          ' or ',
        )} of the team), not both and not neither.`,
      );
    }
    const normalised: Record<string, unknown> = {
      person: {
        ...(givenRef && { ref: givenRef }),
        ...(person.name && { name: person.name }),
        email: person.email,
        githubLogin: person.githubLogin,
      },
      ...(payload.system !== undefined
        ? { system: entityRef }
        : { team: teamRef }),
      environment,
      expiresAt,
    };
    let targets: GitHubTarget[];
    let subject: Subject | undefined;
    let teamName: string;
    if (payload.persona !== undefined) {
      subject = await prepareSubject({
        input: {
          person,
          persona: String(payload.persona),
          team: teamRef,
          environments: [environment],
        },
        requireName: false,
        catalogue: deps.catalogue,
        environments: deps.environments,
        config: deps.config,
        catalog: deps.catalog,
        credentials,
      });
      targets = temporaryTargets(gitHubTargets(subject));
      teamName = subject.team.name;
      normalised.persona = subject.persona.id;
    } else {
      const role = String(payload.role);
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new InputError(
          `role "${role}" is not a GitHub team role; use ${ROLES.join(
            ' or ',
          )}.`,
        );
      }
      const team = await resolveTeam(teamRef, deps.catalog, credentials);
      const login = person.githubLogin.toLowerCase();
      targets = [
        {
          kind: 'team',
          org,
          teamSlug: team.githubSlug,
          role: role as 'member' | 'maintainer',
          key: `github.team.${org}.${team.githubSlug}.${login}`,
          label: `team ${org}/${team.githubSlug}`,
        },
      ];
      teamName = team.name;
      normalised.role = role;
    }
    const who = person.name ?? person.githubLogin;
    const what = normalised.persona
      ? `as ${subject!.persona.title}`
      : `as ${normalised.role}`;
    normalised.teams = storedTeams(targets);
    return {
      payload: normalised as JsonObject,
      person,
      userRef: givenRef ?? `user:${namespace}/${person.githubLogin}`,
      targets,
      title: `Temporary access for ${who} to ${
        payload.system !== undefined ? parseEntityRef(entityRef).name : teamName
      } in ${environment} ${what} until ${expiresAt}`,
      entityRef,
      environment,
      expiresAt,
      persona: normalised.persona as string | undefined,
      subject,
    };
  }

  async function onboarding(
    payload: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<ResolvedGrant> {
    const subject = await prepareSubject({
      input: subjectInputOf(payload),
      requireName: true,
      catalogue: deps.catalogue,
      environments: deps.environments,
      config: deps.config,
      catalog: deps.catalog,
      credentials,
    });
    const expiresAt =
      payload.expiresAt === undefined
        ? undefined
        : checkExpiresAt(payload.expiresAt, now());
    const who = subject.person.name ?? subject.person.githubLogin;
    const all = gitHubTargets(subject);
    return {
      payload: {
        ...accessRequestPayload(subjectInputOf(payload)),
        ...(expiresAt && {
          person: {
            ...(accessRequestPayload(subjectInputOf(payload))
              .person as JsonObject),
            ref: `user:${namespace}/${subject.userName}`,
          },
          expiresAt,
          teams: storedTeams(temporaryTargets(all)),
        }),
      },
      person: subject.person,
      userRef: `user:${namespace}/${subject.userName}`,
      targets: expiresAt ? temporaryTargets(all) : all,
      title: expiresAt
        ? `Temporary access for ${who} as ${subject.persona.title} in ${subject.team.name} until ${expiresAt}`
        : `Onboard ${who} as ${subject.persona.title} in ${subject.team.name}`,
      entityRef: subject.team.ref,
      ...(subject.grants.length === 1 && {
        environment: subject.grants[0].environment.name,
      }),
      ...(expiresAt && { expiresAt }),
      persona: subject.persona.id,
      subject,
    };
  }

  return {
    /**
     * What a stored temporary request granted, read from its payload alone
     * (the teams `validate` resolved and stored): revoke and review must not
     * depend on a catalog that has moved on (a Group's team slug changed, a
     * User removed), or they would take back the wrong membership or none.
     * Undefined for a payload without stored teams.
     */
    stored(payload: unknown): ResolvedGrant | undefined {
      const p = (payload ?? {}) as Record<string, any>;
      const org = deps.config.github?.organization;
      if (!Array.isArray(p.teams) || typeof p.expiresAt !== 'string' || !org) {
        return undefined;
      }
      const person = checkPerson(
        {
          name: p.person?.name,
          email: p.person?.email ?? '',
          githubLogin: p.person?.githubLogin ?? '',
        },
        false,
      );
      const login = person.githubLogin.toLowerCase();
      const targets = (p.teams as Array<Record<string, unknown>>).map(
        (t): GitHubTarget => ({
          kind: 'team',
          org: String(t.org ?? org),
          teamSlug: String(t.slug),
          role: t.role === 'maintainer' ? 'maintainer' : 'member',
          key: `github.team.${t.org ?? org}.${t.slug}.${login}`,
          label: `team ${t.org ?? org}/${t.slug}`,
        }),
      );
      const oneGrant = isSingleGrant(p);
      return {
        payload: p,
        person,
        userRef:
          typeof p.person?.ref === 'string'
            ? p.person.ref
            : `user:${namespace}/${person.githubLogin}`,
        targets,
        title: `Temporary access for ${person.name ?? person.githubLogin}`,
        entityRef: String((oneGrant ? p.system ?? p.team : p.team) ?? ''),
        ...(oneGrant && { environment: String(p.environment) }),
        expiresAt: p.expiresAt,
        ...(typeof p.persona === 'string' && { persona: p.persona }),
      };
    },

    /** Resolves a payload; throws an InputError saying what to fix. */
    async resolve(payload: unknown): Promise<ResolvedGrant> {
      const p = (payload ?? {}) as Record<string, unknown>;
      const credentials = await options.credentials();
      return isSingleGrant(p)
        ? single(p, credentials)
        : onboarding(p, credentials);
    },
  };
}

/** The teams a temporary grant holds, as its payload stores them. */
function storedTeams(targets: GitHubTarget[]) {
  return targets.map(t => ({ org: t.org, slug: t.teamSlug!, role: t.role }));
}

/**
 * A temporary grant is the persona's team memberships only: the
 * organization membership outlives it (revoking it would end every other
 * access the person has). Managed teams are granted directly too: the
 * grant is not in the access repository, the reconciler only ever removes
 * what it granted itself, and revoke takes it back.
 */
function temporaryTargets(targets: GitHubTarget[]): GitHubTarget[] {
  return targets
    .filter(t => t.kind === 'team')
    .map(({ onMerge: _onMerge, ...t }) => t);
}
