import { parseEntityRef } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import {
  ANNOTATION_GITHUB_USER_LOGIN,
  ANNOTATION_OFFBOARDED,
  ANNOTATION_PERSONA,
  ANNOTATION_START_DATE,
} from '../render/userEntity';

/** One GitHub team membership the merged files ask for. */
export interface DesiredMembership {
  team: string;
  /** Lower case: GitHub logins compare case-insensitively. */
  login: string;
  role: 'member' | 'maintainer';
  /** The User file that asks for it. */
  path: string;
  /** The persona that grants it, and the User entity (ref) the file holds. */
  persona: string;
  user: string;
  /** The file's `groundwork.dev/start-date`, when it has one. */
  since?: string;
}

/** A file (or part of one) the reconciler will not act on, and why. */
export interface IgnoredEntry {
  path: string;
  reason: string;
}

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/**
 * The team memberships the User files ask for: each person's persona's
 * GitHub teams, `{team}` being the GitHub team of the Group they are member
 * of. Only teams in `managedTeams` count; a file naming any other team, an
 * unknown persona or a malformed login is reported and changes nothing.
 */
export async function desiredMemberships(options: {
  files: Map<string, string>;
  catalogue: PersonaCatalogue;
  managedTeams: string[];
  teamSlugOf: (groupRef: string) => Promise<string>;
}): Promise<{ memberships: DesiredMembership[]; ignored: IgnoredEntry[] }> {
  const { files, catalogue, teamSlugOf } = options;
  const managed = new Set(options.managedTeams.map(t => t.toLowerCase()));
  const byKey = new Map<string, DesiredMembership>();
  const ignored: IgnoredEntry[] = [];
  for (const [path, content] of [...files].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    let entity: any;
    try {
      entity = parseYaml(content);
    } catch {
      ignored.push({ path, reason: 'not YAML' });
      continue;
    }
    if (entity?.kind !== 'User') {
      ignored.push({ path, reason: 'not a User entity' });
      continue;
    }
    const annotations = entity.metadata?.annotations ?? {};
    if (annotations[ANNOTATION_OFFBOARDED]) continue; // kept, but member of nothing
    const login = annotations[ANNOTATION_GITHUB_USER_LOGIN];
    if (typeof login !== 'string' || !LOGIN.test(login)) {
      ignored.push({
        path,
        reason: `no valid ${ANNOTATION_GITHUB_USER_LOGIN}`,
      });
      continue;
    }
    let persona;
    try {
      persona = catalogue.get(String(annotations[ANNOTATION_PERSONA]));
    } catch {
      ignored.push({
        path,
        reason: `unknown persona "${annotations[ANNOTATION_PERSONA]}"`,
      });
      continue;
    }
    const groups: string[] = (entity.spec?.memberOf ?? []).filter(
      (ref: unknown) => typeof ref === 'string',
    );
    for (const team of persona.github.teams) {
      const slugs =
        team.slug === '{team}'
          ? await Promise.all(
              groups
                .filter(ref => {
                  try {
                    return (
                      parseEntityRef(ref, {
                        defaultKind: 'group',
                      }).kind.toLowerCase() === 'group'
                    );
                  } catch {
                    return false;
                  }
                })
                .map(teamSlugOf),
            )
          : [team.slug];
      for (const slug of slugs) {
        if (!managed.has(slug.toLowerCase())) {
          ignored.push({
            path,
            reason: `team ${slug} is not managed by Groundwork (groundwork.persona.access.github.teams)`,
          });
          continue;
        }
        const key = `${slug.toLowerCase()}/${login.toLowerCase()}`;
        const previous = byKey.get(key);
        if (previous?.role === 'maintainer') continue;
        byKey.set(key, {
          team: slug.toLowerCase(),
          login: login.toLowerCase(),
          role: team.role,
          path,
          persona: persona.id,
          user: `user:${entity.metadata?.namespace ?? 'default'}/${
            entity.metadata?.name
          }`,
          ...(typeof annotations[ANNOTATION_START_DATE] === 'string' && {
            since: annotations[ANNOTATION_START_DATE],
          }),
        });
      }
    }
  }
  return {
    memberships: [...byKey.values()].sort((a, b) =>
      `${a.team}/${a.login}`.localeCompare(`${b.team}/${b.login}`),
    ),
    ignored,
  };
}
