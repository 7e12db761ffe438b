import type { JsonObject } from '@backstage/types';
import type { PersonaActionInput } from '../engine/run';
import type { SubjectInput } from '../engine/prepare';

/** The kind of request persona:onboard asks for when a second person must approve. */
export { ACCESS_REQUEST_KIND } from '@groundwork/plugin-requests-common';

/**
 * What an access request carries: the onboarding's own input, without the
 * workspace path, so the approved request resolves the same persona, team
 * and environments through the same code as the action.
 */
export function accessRequestPayload(input: PersonaActionInput): JsonObject {
  const payload: SubjectInput = {
    person: {
      ...(input.person?.name && { name: input.person.name }),
      email: input.person?.email,
      githubLogin: input.person?.githubLogin,
    },
    persona: input.persona,
    team: input.team,
    ...(input.environments && { environments: input.environments }),
    ...(input.startDate && { startDate: input.startDate }),
    ...(input.manager && { manager: input.manager }),
  };
  return payload as unknown as JsonObject;
}

/** Reads a payload back, refusing anything that is not an onboarding's input. */
export function subjectInputOf(payload: unknown): SubjectInput {
  const p = (payload ?? {}) as Record<string, unknown>;
  const person = (p.person ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const envs = Array.isArray(p.environments)
    ? p.environments.filter((e): e is string => typeof e === 'string')
    : undefined;
  return {
    person: {
      name: str(person.name),
      email: str(person.email) ?? '',
      githubLogin: str(person.githubLogin) ?? '',
    },
    persona: str(p.persona) ?? '',
    team: str(p.team) ?? '',
    ...(envs && { environments: envs }),
    ...(str(p.startDate) && { startDate: str(p.startDate) }),
    ...(str(p.manager) && { manager: str(p.manager) }),
  };
}
