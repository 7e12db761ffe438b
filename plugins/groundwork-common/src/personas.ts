/*
 * The persona catalogue on the wire: served by
 * @groundwork/plugin-scaffolder-backend-module-persona, read by the persona
 * picker in @groundwork/plugin-scaffolder-module-fields.
 */

/** One grant of a persona: what it may do in one system and environment. */
export interface PersonaGrant {
  /** github, aws, kubernetes, argocd, catalog, ... */
  system: string;
  /** An environment name, or `*` for every environment. */
  environment: string;
  /** none, read, write, operate, admin, or the system's own word. */
  access: string;
}

/** One persona in {@link PersonasResponse}. */
export interface PersonaDescription {
  id: string;
  title: string;
  description: string;
  /** Why onboarding with every environment in scope needs approval, if it does. */
  approval?: string;
  github: {
    organizationRole: 'member' | 'admin';
    teams: Array<{ slug: string; role: 'member' | 'maintainer' }>;
  };
  /**
   * The same grants flattened to what the persona picker shows, system by
   * system and environment by environment, before anyone chooses.
   */
  grants: PersonaGrant[];
  environments: Array<{
    name: string;
    access: 'none' | 'read' | 'write' | 'admin';
    /** Per system: aws, gcp, azure, kubernetes, argocd (only those granted). */
    grants: Record<string, unknown>;
  }>;
}

/** `GET /api/scaffolder/groundwork/personas`: what the persona picker shows. */
export interface PersonasResponse {
  environments: Array<{ name: string; title: string; production: boolean }>;
  personas: PersonaDescription[];
}
