import {
  Contract,
  ContractServer,
  StandInRequest,
} from '@groundwork/stand-in-test-utils';

/**
 * A GitHub stand-in holding one factory repository: tags, and files on the
 * base branch. Every request and response is checked against GitHub's own
 * OpenAPI description (@octokit/openapi), so a call the real API would
 * refuse fails the test.
 */
export interface FactoryState {
  owner: string;
  repo: string;
  branch: string;
  tags: string[];
  files: Record<string, string>;
}

let contract: Contract | undefined;
function githubContract(): Contract {
  contract ??= new Contract(
    'GitHub',
    // eslint-disable-next-line @backstage/no-undeclared-imports
    require('@octokit/openapi/generated/api.github.com.json'),
  );
  return contract;
}

const sha = (text: string) =>
  require('node:crypto').createHash('sha1').update(text).digest('hex');

export function createGithubFactoryStandIn(state: FactoryState) {
  const api = (req: StandInRequest) => `http://${req.headers.host}`;
  const sameRepo = (req: StandInRequest) =>
    req.pathParams.owner === state.owner && req.pathParams.repo === state.repo;
  const notFound = {
    status: 404,
    body: {
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
    },
  };

  return new ContractServer({
    contract: githubContract(),
    errorBody: (_status, message) => ({
      message,
      documentation_url: 'https://docs.github.com/rest',
    }),
    authenticate: req =>
      req.headers.authorization === 'token factory-token'
        ? undefined
        : {
            status: 401,
            body: {
              message: 'Bad credentials',
              documentation_url: 'https://docs.github.com/rest',
            },
          },
    handlers: {
      'git/list-matching-refs': req => {
        if (!sameRepo(req)) return notFound;
        const prefix = req.pathParams.ref.replace(/^tags\//, '');
        return {
          status: 200,
          body: state.tags
            .filter(t => t.startsWith(prefix))
            .map(t => ({
              ref: `refs/tags/${t}`,
              node_id: `REF_${t}`,
              url: `${api(req)}/repos/${state.owner}/${
                state.repo
              }/git/refs/tags/${t}`,
              object: {
                type: 'commit',
                sha: sha(t),
                url: `${api(req)}/repos/${state.owner}/${
                  state.repo
                }/git/commits/${sha(t)}`,
              },
            })),
        };
      },
      'repos/get-content': req => {
        if (!sameRepo(req)) return notFound;
        const ref = req.query.get('ref');
        const text = state.files[req.pathParams.path];
        if ((ref && ref !== state.branch) || text === undefined)
          return notFound;
        const path = req.pathParams.path;
        const url = `${api(req)}/repos/${state.owner}/${
          state.repo
        }/contents/${path}?ref=${state.branch}`;
        return {
          status: 200,
          body: {
            type: 'file',
            encoding: 'base64',
            size: Buffer.byteLength(text),
            name: path.split('/').pop(),
            path,
            content: Buffer.from(text).toString('base64'),
            sha: sha(text),
            url,
            git_url: `${api(req)}/repos/${state.owner}/${
              state.repo
            }/git/blobs/${sha(text)}`,
            html_url: `https://github.com/${state.owner}/${state.repo}/blob/${state.branch}/${path}`,
            download_url: `https://raw.githubusercontent.com/${state.owner}/${state.repo}/${state.branch}/${path}`,
            _links: {
              self: url,
              git: `${api(req)}/repos/${state.owner}/${
                state.repo
              }/git/blobs/${sha(text)}`,
              html: `https://github.com/${state.owner}/${state.repo}/blob/${state.branch}/${path}`,
            },
          },
        };
      },
      'git/get-tree': req => {
        if (!sameRepo(req) || req.pathParams.tree_sha !== state.branch)
          return notFound;
        return {
          status: 200,
          body: {
            sha: sha(state.branch),
            url: `${api(req)}/repos/${state.owner}/${
              state.repo
            }/git/trees/${sha(state.branch)}`,
            truncated: false,
            tree: Object.entries(state.files).map(([path, text]) => ({
              path,
              mode: '100644',
              type: 'blob',
              sha: sha(text),
              size: Buffer.byteLength(text),
              url: `${api(req)}/repos/${state.owner}/${
                state.repo
              }/git/blobs/${sha(text)}`,
            })),
          },
        };
      },
    },
  });
}
