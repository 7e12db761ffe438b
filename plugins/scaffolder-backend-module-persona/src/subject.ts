import { GroundworkEnvironment } from '@groundwork/plugin-groundwork-common';
import { EnvironmentGrant } from './catalogue/resolvePersona';
import { PersonaDefinition } from './catalogue/schema';
import { PersonaModuleConfig } from './config';

/** The person an onboarding or offboarding is about, as the inputs give them. */
export interface Person {
  name?: string;
  email: string;
  githubLogin: string;
}

/** The person's team: a catalog Group and the GitHub team that mirrors it. */
export interface Team {
  /** Full entity ref, `group:default/payments`. */
  ref: string;
  /** The Group's name, what `{team}` stands for. */
  name: string;
  /** GitHub team slug, from `github.com/team-slug` or the Group's name. */
  githubSlug: string;
}

/** Everything the renderers need, resolved and validated once. */
export interface Subject {
  person: Person;
  /** Name of the catalog User entity. */
  userName: string;
  persona: PersonaDefinition & { id: string };
  team: Team;
  /** One grant per environment in scope, in configured order. */
  grants: EnvironmentGrant[];
  /** Every configured environment (file layout must not depend on scope). */
  environments: GroundworkEnvironment[];
  startDate?: string;
  endDate?: string;
  manager?: string;
  config: PersonaModuleConfig;
}

/** Fills `{team}`, `{environment}` and `{persona}` in a configured pattern. */
export function fill(
  pattern: string,
  values: { team: string; environment?: string; persona: string },
): string {
  return pattern.replace(/\{(team|environment|persona)\}/g, (whole, key) => {
    const value = (values as Record<string, string | undefined>)[key];
    return value ?? whole;
  });
}
