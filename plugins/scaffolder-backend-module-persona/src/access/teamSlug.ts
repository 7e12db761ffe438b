import { AuthService } from '@backstage/backend-plugin-api';
import { isGroupEntity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

const TEAM_SLUG_ANNOTATION = 'github.com/team-slug';

/**
 * The GitHub team slug of a Group the access repository names: its
 * `github.com/team-slug`, else its name, lower case. Read with the plugin's
 * own credentials: it runs on a schedule, with nobody signed in.
 */
export function teamSlugResolver(
  catalog: CatalogService,
  auth: AuthService,
): (groupRef: string) => Promise<string> {
  return async ref => {
    const group = await catalog.getEntityByRef(ref, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    const slug =
      group && isGroupEntity(group)
        ? group.metadata.annotations?.[TEAM_SLUG_ANNOTATION]
        : undefined;
    return (slug ?? ref.split('/').pop()!).split('/').pop()!.toLowerCase();
  };
}
