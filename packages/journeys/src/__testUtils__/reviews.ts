import type { GitHubHostingStandIn } from '@groundwork/stand-in-test-utils';

/**
 * What a team does before GitHub merges into a protected branch: a member
 * with write access (not the author) approves, CI reports the required
 * `build` check on the head, and the pull request is merged. Through the
 * stand-in's REST API, as the reviewer's and the portal's tokens.
 */
export async function approveAndMerge(
  github: GitHubHostingStandIn,
  repo: { owner: string; name: string },
  number: number,
  reviewer: string,
): Promise<Response> {
  const pull = github.repos
    .pulls(repo.owner, repo.name)
    .find(p => p.number === number);
  if (!pull) throw new Error(`No pull request #${number} in ${repo.name}`);
  const head = github.repos.branchHead(repo.owner, repo.name, pull.head)!;
  const call = (token: string, method: string, route: string, body: unknown) =>
    fetch(`${github.url}/repos/${repo.owner}/${repo.name}${route}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const portalToken = github.integrationConfig().token!;
  const reviewed = await call(
    github.state.userToken(reviewer),
    'POST',
    `/pulls/${number}/reviews`,
    { event: 'APPROVE' },
  );
  if (!reviewed.ok) {
    throw new Error(`${reviewer} could not approve: ${reviewed.status}`);
  }
  await call(portalToken, 'POST', `/statuses/${head}`, {
    state: 'success',
    context: 'build',
  });
  return call(portalToken, 'PUT', `/pulls/${number}/merge`, {});
}
