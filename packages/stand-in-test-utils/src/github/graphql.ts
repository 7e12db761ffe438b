/**
 * `POST /graphql` of a hosting GitHub stand-in. Every query is parsed and
 * validated against GitHub's own GraphQL schema (`@octokit/graphql-schema`)
 * and executed on it, so a field GitHub does not have fails the test as a
 * violation, as a REST call outside the OpenAPI description does. The
 * stand-in resolves the part that Backstage's pull-request action asks for:
 * `repository { ref(qualifiedName) { target, associatedPullRequests } }`;
 * fields it does not resolve come back as GraphQL errors and are recorded
 * as violations too, so that a gap shows instead of a silent null.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  execute,
  GraphQLError,
  GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import type { GitHubHandler } from '.';
import type { HostedRepoRecord } from './hostedRepos';
import { hostingOf } from './hostingHandlers';
import type { PullRecord } from './repos';
import { mergeRefusal } from './protection';
import { bearerToken, gitHubError, json } from './responses';

let schema: GraphQLSchema | undefined;

/** GitHub's GraphQL schema, built once per test process. */
export function gitHubGraphQLSchema(): GraphQLSchema {
  if (!schema) {
    // The package exports its ES module only; its SDL file lies beside it.
    const file = (require.resolve.paths('@octokit/graphql-schema') ?? [])
      .map(dir => path.join(dir, '@octokit/graphql-schema/schema.graphql'))
      .find(candidate => fs.existsSync(candidate));
    if (!file) throw new Error('@octokit/graphql-schema is not installed');
    // GitHub's published SDL repeats a few fields; graphql-js would refuse it.
    schema = buildSchema(fs.readFileSync(file, 'utf8'), {
      assumeValidSDL: true,
    });
  }
  return schema;
}

/** An answer GitHub gives as a GraphQL error (e.g. NOT_FOUND), not a stand-in gap. */
class GitHubAnswer extends Error {
  constructor(message: string, readonly type: string) {
    super(message);
  }
}

function nodeId(kind: string, id: number | string) {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
}

function resolvers(web: string, repo: HostedRepoRecord) {
  const full = `${repo.owner}/${repo.name}`;
  const pullNode = (pull: PullRecord) => ({
    id: nodeId('PullRequest', pull.id),
    number: pull.number,
    url: `${web}/${full}/pull/${pull.number}`,
    title: pull.title,
    state: pull.mergedAt ? 'MERGED' : pull.state.toUpperCase(),
    isDraft: pull.draft,
    headRefName: pull.head,
    baseRefName: pull.base,
    autoMergeRequest: pull.autoMerge
      ? {
          mergeMethod: pull.autoMerge.method.toUpperCase(),
          commitHeadline: pull.autoMerge.commitTitle ?? null,
        }
      : null,
  });
  const refNode = (qualified: string) => {
    const short = qualified.replace(/^refs\//, '');
    const name =
      [short, `heads/${short}`, `tags/${short}`].find(r => repo.refs.has(r)) ??
      undefined;
    if (!name) return null;
    const branch = name.startsWith('heads/')
      ? name.slice('heads/'.length)
      : undefined;
    const slash = name.indexOf('/');
    return {
      id: nodeId('Ref', `${repo.id}:${name}`),
      name: name.slice(slash + 1),
      prefix: `refs/${name.slice(0, slash + 1)}`,
      target: {
        __typename: 'Commit',
        id: nodeId('Commit', repo.refs.get(name)!),
        oid: repo.refs.get(name),
      },
      associatedPullRequests: (args: { states?: string[]; first?: number }) => {
        const nodes = repo.pulls
          .filter(p => p.head === branch)
          .map(pullNode)
          .filter(p => !args.states || args.states.includes(p.state))
          .slice(0, args.first ?? 100);
        return {
          totalCount: nodes.length,
          nodes,
          edges: nodes.map(node => ({ node, cursor: node.id })),
        };
      },
    };
  };
  return {
    id: nodeId('Repository', repo.id),
    name: repo.name,
    nameWithOwner: full,
    url: `${web}/${full}`,
    isPrivate: repo.private,
    defaultBranchRef: () => refNode(`refs/heads/${repo.defaultBranch}`),
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pulls.find(p => p.number === number);
      return pull ? pullNode(pull) : null;
    },
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refNode(qualifiedName),
  };
}

export const graphqlHandler: GitHubHandler = async (request, state) => {
  const hosting = hostingOf(state);
  const { query, variables, operationName } = (request.body ?? {}) as any;
  if (typeof query !== 'string') {
    hosting.violations.push('POST /graphql: the body has no query');
    return json(400, gitHubError(400, 'Problems parsing JSON'));
  }
  let document;
  try {
    document = parse(query);
  } catch (error) {
    const message = (error as GraphQLError).message;
    hosting.violations.push(`POST /graphql: ${message}`);
    return json(200, { errors: [{ message }] });
  }
  const problems = validate(gitHubGraphQLSchema(), document);
  if (problems.length > 0) {
    hosting.violations.push(
      ...problems.map(p => `POST /graphql: ${p.message}`),
    );
    return json(200, {
      errors: problems.map(p => ({
        message: p.message,
        locations: p.locations,
      })),
    });
  }
  const result = await execute({
    schema: gitHubGraphQLSchema(),
    document,
    variableValues: variables,
    operationName,
    rootValue: {
      enablePullRequestAutoMerge: ({
        input,
      }: {
        input: {
          pullRequestId: string;
          mergeMethod?: string;
          commitHeadline?: string;
          commitBody?: string;
          clientMutationId?: string;
        };
      }) => {
        const found = hosting.repos
          .list()
          .flatMap(repo => repo.pulls.map(pull => ({ repo, pull })))
          .find(
            ({ pull }) =>
              nodeId('PullRequest', pull.id) === input.pullRequestId,
          );
        if (!found) {
          throw new GitHubAnswer(
            `Could not resolve to a node with the global id of '${input.pullRequestId}'`,
            'NOT_FOUND',
          );
        }
        const { repo, pull } = found;
        if (repo.settings.allow_auto_merge !== true) {
          throw new GitHubAnswer(
            'Pull request Auto merge is not allowed for this repository',
            'UNPROCESSABLE',
          );
        }
        const actor = state.actorOf(bearerToken(request));
        if (pull.state !== 'open') {
          throw new GitHubAnswer('Pull request is not open', 'UNPROCESSABLE');
        }
        if (!mergeRefusal(state, repo, pull, actor)) {
          // Nothing to wait for: GitHub wants a plain merge then.
          throw new GitHubAnswer(
            'Pull request Pull request is in clean status',
            'UNPROCESSABLE',
          );
        }
        pull.autoMerge = {
          enabledBy: actor,
          method: (input.mergeMethod ?? 'MERGE').toLowerCase() as
            | 'merge'
            | 'squash'
            | 'rebase',
          commitTitle: input.commitHeadline,
          commitMessage: input.commitBody,
        };
        return {
          clientMutationId: input.clientMutationId ?? null,
          pullRequest: resolvers(hosting.web, repo).pullRequest({
            number: pull.number,
          }),
        };
      },
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = hosting.repos.repo(owner, name);
        if (!repo) {
          throw new GitHubAnswer(
            `Could not resolve to a Repository with the name '${owner}/${name}'.`,
            'NOT_FOUND',
          );
        }
        return resolvers(hosting.web, repo);
      },
    },
  });
  const errors = (result.errors ?? []).map(e => {
    if (e.originalError instanceof GitHubAnswer) {
      return { type: e.originalError.type, path: e.path, message: e.message };
    }
    hosting.violations.push(
      `POST /graphql: the stand-in does not answer ${e.path?.join('.')}: ${
        e.message
      }`,
    );
    return { path: e.path, message: e.message };
  });
  return json(200, {
    data: result.data ?? null,
    ...(errors.length > 0 && { errors }),
  });
};
