/**
 * GitHub stand-in: an HTTP server that answers like api.github.com, holding
 * every request and every response against GitHub's own OpenAPI description
 * (`@octokit/openapi`, `generated/api.github.com.json`). Point Octokit at it
 * with `new Octokit({ baseUrl: standIn.url, auth })`.
 *
 * Adding operations without editing this folder: pass handlers keyed by
 * GitHub's `operationId`; each gets the request and the shared state.
 * Keep your records in `state.extension(key, create)`:
 *
 *   const standIn = await createGitHubStandIn({
 *     handlers: {
 *       'repos/get-content': (req, state) => {
 *         const repos = state.extension('repos', () => new Map<string, Repo>());
 *         ...
 *         return json(200, body);
 *       },
 *     },
 *   }).start();
 *   standIn.state.addOrg({ login: 'acme' });   // seed
 *   ...
 *   standIn.assertNoViolations();
 *
 * Your handlers are merged over the built-in ones (people operations in
 * `people.ts`); a handler may be any `StandInHandler` too, as it may ignore
 * the second argument. Share one state between stand-ins with `state`.
 * Helpers for bodies and errors: `json`, `noContent`, `notFound`,
 * `gitHubError`, `validationFailed`, `paginated`, `apiBase`, and the
 * representations (`simpleUser`, `teamFull`, ...).
 *
 * GitHub App authentication: pass `app: { appId, publicKey }` and call
 * `standIn.installApp('acme')`; the app's JWT (verified against the key)
 * then lists installations and buys installation tokens, which the other
 * operations accept until they expire.
 *
 * Signing people in (GitHub's OAuth web flow, `oauth.ts`): register an OAuth
 * app with `standIn.registerOAuthApp({ callbackUrl })` (or `oauthApps`); its
 * client id and secret then go through `/login/oauth/authorize` and
 * `/login/oauth/access_token` as on GitHub, and the user token reads
 * `GET /user` (also at `/api/v3/user`, GitHub Enterprise Server's path).
 */

import {
  Contract,
  ContractServer,
  StandInRequest,
  StandInResponse,
} from '../contract';
import {
  appAuthenticator,
  appHandlers,
  GitHubAppOptions,
  appsStore,
  installApp,
} from './apps';
import {
  OAuthAppOptions,
  OAuthAppRecord,
  oauthWebHandlers,
  registerOAuthApp,
  withOAuth,
} from './oauth';
import { avatarHandlers } from './avatars';
import { peopleHandlers } from './people';
import { bearerToken, ENTERPRISE_API_PATH, gitHubError } from './responses';
import { GitHubState } from './state';

export type GitHubHandler = (
  request: StandInRequest,
  state: GitHubState,
) => StandInResponse | Promise<StandInResponse>;

export interface GitHubStandInOptions {
  /** The world the handlers share; a fresh one when omitted. */
  state?: GitHubState;
  /** Operations by `operationId`, merged over the built-in ones. */
  handlers?: Record<string, GitHubHandler>;
  /**
   * Tokens the server accepts (`Authorization: token X` or `Bearer X`).
   * When set, any other or missing token gets GitHub's 401 "Bad
   * credentials"; when omitted, every call is accepted.
   */
  tokens?: string[];
  /**
   * Serve as a GitHub App's API too: app operations need its JWT, the rest
   * accept the installation tokens it issued (and `tokens`, if given).
   */
  app?: GitHubAppOptions;
  /** Extra request checks, as for `ContractServer`. */
  checkRequest?: (request: StandInRequest) => string[];
  /**
   * Endpoints outside the REST description, keyed by `METHOD /path` (e.g.
   * `POST /graphql`), as for `ContractServer`.
   */
  outsideContract?: Record<string, GitHubHandler>;
  /** OAuth apps people sign in to through the stand-in (`registerOAuthApp`). */
  oauthApps?: OAuthAppOptions[];
}

type Authenticate = (request: StandInRequest) => StandInResponse | undefined;

/** Personal access tokens (`state.userToken`) pass, acting as their person. */
function withPersonalTokens(
  state: GitHubState,
  authenticate?: Authenticate,
): Authenticate | undefined {
  if (!authenticate) return undefined;
  return request => {
    const token = bearerToken(request);
    if (token && state.personalTokens.has(token)) return undefined;
    return authenticate(request);
  };
}

let contract: Contract | undefined;

/** GitHub's REST description, loaded once per test process (it is large). */
export function gitHubContract(): Contract {
  if (!contract) {
    contract = new Contract(
      'GitHub',
      // The shared Contract spells OpenAPI 3.0's type-less `nullable` for Ajv.
      // eslint-disable-next-line @backstage/no-undeclared-imports
      require('@octokit/openapi/generated/api.github.com.json'),
    );
  }
  return contract;
}

export class GitHubStandIn extends ContractServer {
  readonly state: GitHubState;
  /** Accepted tokens; tests may add some after start (e.g. rotation). */
  readonly tokens?: Set<string>;

  constructor(options: GitHubStandInOptions = {}) {
    const state = options.state ?? new GitHubState();
    const tokens = options.tokens ? new Set(options.tokens) : undefined;
    const handlers = {
      ...peopleHandlers,
      ...(options.app && appHandlers),
      ...options.handlers,
    };
    if (options.app) {
      appsStore(state, options.app);
      state.integrationAppId ??= options.app.appId;
    }
    const bind = (byKey: Record<string, GitHubHandler>) =>
      Object.fromEntries(
        Object.entries(byKey).map(([key, handle]) => [
          key,
          (request: StandInRequest) => handle(request, state),
        ]),
      );
    const staticTokens = tokens
      ? (request: StandInRequest) => {
          const token = bearerToken(request);
          if (token && tokens.has(token)) return undefined;
          return { status: 401, body: gitHubError(401, 'Bad credentials') };
        }
      : undefined;
    super({
      contract: gitHubContract(),
      handlers: bind(handlers),
      outsideContract: bind({
        ...oauthWebHandlers,
        ...avatarHandlers,
        ...options.outsideContract,
      }),
      authenticate: withOAuth(
        state,
        withPersonalTokens(
          state,
          options.app
            ? appAuthenticator(state, token =>
                Boolean(token && tokens?.has(token)),
              )
            : staticTokens,
        ),
      ),
      checkRequest: options.checkRequest,
      errorBody: gitHubError,
      // GitHub Enterprise Server's REST base, where `enterpriseInstanceUrl` clients look.
      basePaths: [ENTERPRISE_API_PATH],
    });
    this.state = state;
    this.tokens = tokens;
    for (const app of options.oauthApps ?? []) registerOAuthApp(state, app);
  }

  /**
   * Registers an OAuth app people sign in to (GitHub's web application
   * flow); returns its client id and secret.
   */
  registerOAuthApp(options: OAuthAppOptions): OAuthAppRecord {
    return registerOAuthApp(this.state, options);
  }

  /** Installs the configured GitHub App on an organization. */
  installApp(org: string): number {
    return installApp(this.state, org);
  }
}

export function createGitHubStandIn(
  options: GitHubStandInOptions = {},
): GitHubStandIn {
  return new GitHubStandIn(options);
}

export { GitHubState, teamSlug } from './state';
export type {
  GitHubUserRecord,
  InvitationRecord,
  MembershipRecord,
  MembershipState,
  OrgRecord,
  OrgRole,
  TeamRecord,
  TeamRole,
} from './state';
export {
  apiBase,
  gitHubError,
  json,
  noContent,
  notFound,
  paginated,
  validationFailed,
} from './responses';
export * from './representations';
export { peopleHandlers } from './people';
export { appHandlers, checkAppJwt } from './apps';
export type { GitHubAppOptions } from './apps';
export {
  CODE_LIFETIME_MS,
  oauthStore,
  oauthWebHandlers,
  redirectUriMatches,
} from './oauth';
export type {
  OAuthAppOptions,
  OAuthAppRecord,
  OAuthUserTokenRecord,
} from './oauth';
