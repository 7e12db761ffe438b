import { Octokit } from '@octokit/rest';
import { PersonaCatalogue } from '../catalogue/loadPersonaCatalogue';
import { AccessReconcileConfig } from '../access/config';
import { DesiredMembership, desiredMemberships } from '../access/desired';
import { readReviewedTree } from '../access/repository';

/** Where the access repository is and how its Groups map to GitHub teams. */
export interface AccessRepositoryReader {
  config: AccessReconcileConfig;
  repositoryClient: () => Promise<Octokit>;
  teamSlugOf: (groupRef: string) => Promise<string>;
}

/**
 * The team memberships the access repository grants through personas, as
 * the reconciler reads them (the reviewed head: the newest merged pull
 * request's tree), keyed `team/login` in lower case. Undefined when no
 * access repository is configured: then nothing is granted through one.
 */
export async function repositoryGrants(
  reader: AccessRepositoryReader | undefined,
  catalogue: PersonaCatalogue,
  signal?: AbortSignal,
): Promise<Map<string, DesiredMembership> | undefined> {
  if (!reader) return undefined;
  const { config } = reader;
  const tree = await readReviewedTree(
    await reader.repositoryClient(),
    { owner: config.owner, repo: config.repo, branch: config.branch },
    { signal },
  );
  const { memberships } = await desiredMemberships({
    files: tree.files,
    catalogue,
    managedTeams: config.github.teams,
    teamSlugOf: reader.teamSlugOf,
  });
  return new Map(memberships.map(m => [`${m.team}/${m.login}`, m]));
}

export const membershipKey = (team: string, login: string) =>
  `${team.toLowerCase()}/${login.toLowerCase()}`;
