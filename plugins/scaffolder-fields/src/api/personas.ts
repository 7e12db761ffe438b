import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  PersonaDescription,
  PersonasResponse,
} from '@groundwork/plugin-groundwork-common';

export type { PersonaGrant } from '@groundwork/plugin-groundwork-common';

/** What the picker needs of a persona in the served {@link PersonasResponse}. */
export type Persona = Pick<PersonaDescription, 'id' | 'title' | 'grants'> &
  Partial<Pick<PersonaDescription, 'description'>>;

/** The personas the scaffolder backend serves, or why there are none. */
export type PersonaCatalogue =
  | { available: true; personas: Persona[] }
  | { available: false; reason: string };

function isPersona(value: unknown): value is Persona {
  const p = value as Persona;
  return (
    !!p &&
    typeof p.id === 'string' &&
    typeof p.title === 'string' &&
    Array.isArray(p.grants) &&
    p.grants.every(
      g =>
        g &&
        typeof g.system === 'string' &&
        typeof g.environment === 'string' &&
        typeof g.access === 'string',
    )
  );
}

/**
 * Reads `GET /api/scaffolder/groundwork/personas`, served by
 * @groundwork/plugin-scaffolder-backend-module-persona. The body is a
 * `PersonasResponse`; a bare array or `{ items }` is accepted too.
 * A backend without the route is not an error the user can fix in the form:
 * it is reported as unavailable, with what to install.
 */
export class PersonasClient {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async getPersonas(): Promise<PersonaCatalogue> {
    const base = await this.options.discoveryApi.getBaseUrl('scaffolder');
    const response = await this.options.fetchApi.fetch(
      `${base}/groundwork/personas`,
    );
    if (response.status === 404) {
      return {
        available: false,
        reason:
          'This portal serves no persona catalogue (GET /api/scaffolder/groundwork/personas answered 404): install @groundwork/plugin-scaffolder-backend-module-persona in the backend.',
      };
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body: unknown[] | (Partial<PersonasResponse> & { items?: unknown }) =
      await response.json();
    const list: unknown = Array.isArray(body)
      ? body
      : body?.personas ?? body?.items;
    if (!Array.isArray(list) || !list.every(isPersona)) {
      return {
        available: false,
        reason:
          'The persona catalogue answered in an unexpected shape (expected { personas: [{ id, title, description, grants: [{ system, environment, access }] }] }): the persona module and this form may be of different versions.',
      };
    }
    return { available: true, personas: list };
  }
}
