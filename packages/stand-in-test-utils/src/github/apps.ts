import crypto from 'node:crypto';
import { StandInRequest, StandInResponse } from '../contract';
import type { GitHubHandler } from './index';
import { simpleUser } from './representations';
import {
  apiBase,
  bearerToken,
  gitHubError,
  json,
  notFound,
  paginated,
} from './responses';
import { GitHubState } from './state';

/**
 * GitHub App authentication, as `@octokit/auth-app` (and so Backstage's
 * GitHub integration) goes through it: a JWT signed with the app's private
 * key lists the installations and buys an installation access token, which
 * then authenticates the other operations until it expires.
 */

export interface GitHubAppOptions {
  appId: number;
  slug?: string;
  /** The app's public key (PEM), to verify the JWTs the client signs. */
  publicKey: string | crypto.KeyObject;
  /** Installation permissions, e.g. `{ members: 'write' }`. */
  permissions?: Record<string, string>;
  /** How long issued tokens live. @default one hour */
  tokenLifetimeMs?: number;
}

interface InstallationRecord {
  id: number;
  org: string;
  createdAt: string;
}

interface AppsStore {
  app: GitHubAppOptions;
  installations: Map<number, InstallationRecord>;
  /** Issued installation tokens and when they expire. */
  tokens: Map<string, { installationId: number; expiresAt: number }>;
}

const APP_OPERATIONS = new Set([
  'apps/list-installations',
  'apps/create-installation-access-token',
  'apps/get-org-installation',
]);

export function appsStore(
  state: GitHubState,
  app?: GitHubAppOptions,
): AppsStore {
  return state.extension<AppsStore>('apps', () => {
    if (!app) throw new Error('The GitHub stand-in has no app configured');
    return { app, installations: new Map(), tokens: new Map() };
  });
}

/** Installs the app on an organization; returns the installation id. */
export function installApp(state: GitHubState, org: string): number {
  const store = appsStore(state);
  const id = state.nextId();
  store.installations.set(id, {
    id,
    org: state.requireOrg(org).login,
    createdAt: state.now().toISOString(),
  });
  return id;
}

function base64UrlJson(part: string): any {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** Why a JWT is not one the app signed, or undefined when it is. */
export function checkAppJwt(
  token: string,
  app: GitHubAppOptions,
  now = Date.now(),
): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  let header: any;
  let claims: any;
  try {
    header = base64UrlJson(parts[0]);
    claims = base64UrlJson(parts[1]);
  } catch {
    return 'JWT is not JSON';
  }
  if (header.alg !== 'RS256') return `JWT algorithm ${header.alg} is not RS256`;
  const valid = crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    app.publicKey,
    Buffer.from(parts[2], 'base64url'),
  );
  if (!valid) return 'JWT signature does not verify with the app key';
  if (String(claims.iss) !== String(app.appId))
    return `JWT iss ${claims.iss} is not the app`;
  const seconds = now / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < seconds)
    return 'JWT expired';
  if (claims.exp - claims.iat > 600) return 'JWT lives longer than 10 minutes';
  if (typeof claims.iat !== 'number' || claims.iat > seconds + 60)
    return 'JWT issued in the future';
  return undefined;
}

/**
 * Authentication with an app: app operations need the app's JWT, the rest
 * an installation token it issued (or, through `fallback`, a static token).
 */
export function appAuthenticator(
  state: GitHubState,
  fallback?: (token: string | undefined) => boolean,
) {
  return (request: StandInRequest): StandInResponse | undefined => {
    const store = appsStore(state);
    const token = bearerToken(request);
    const refuse = (message: string) => ({
      status: 401,
      body: gitHubError(401, message),
    });
    if (APP_OPERATIONS.has(request.operationId)) {
      if (!token) return refuse('A JSON web token could not be decoded');
      const problem = checkAppJwt(token, store.app);
      return problem
        ? refuse(`A JSON web token could not be decoded: ${problem}`)
        : undefined;
    }
    const issued = token ? store.tokens.get(token) : undefined;
    if (issued && issued.expiresAt > state.now().getTime()) return undefined;
    if (fallback?.(token)) return undefined;
    return refuse('Bad credentials');
  };
}

function installationBody(
  state: GitHubState,
  store: AppsStore,
  installation: InstallationRecord,
  request: StandInRequest,
) {
  const api = apiBase(request);
  const org = state.requireOrg(installation.org);
  return {
    id: installation.id,
    // GitHub's description of this list gives `account` as simple-user
    // *and* enterprise (allOf): so the enterprise fields are there too.
    account: {
      ...simpleUser(
        {
          id: org.id,
          login: org.login,
          name: org.name ?? org.login,
          email: null,
          type: 'User',
          createdAt: org.createdAt,
        },
        api,
      ),
      type: 'Organization',
      slug: org.login,
      created_at: org.createdAt,
      updated_at: org.createdAt,
    },
    repository_selection: 'all',
    access_tokens_url: `${api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: `${api}/organizations/${org.login}/settings/installations/${installation.id}`,
    app_id: store.app.appId,
    app_slug: store.app.slug ?? 'groundwork',
    target_id: org.id,
    target_type: 'Organization',
    permissions: store.app.permissions ?? {
      members: 'write',
      metadata: 'read',
    },
    events: [],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

export const appHandlers: Record<string, GitHubHandler> = {
  'apps/list-installations': (request, state) => {
    const store = appsStore(state);
    return paginated(
      request,
      [...store.installations.values()].map(i =>
        installationBody(state, store, i, request),
      ),
    );
  },

  'apps/get-org-installation': (request, state) => {
    const store = appsStore(state);
    const org = state.org(request.pathParams.org);
    const installation = [...store.installations.values()].find(
      i => org && i.org === org.login,
    );
    return installation
      ? json(200, installationBody(state, store, installation, request))
      : notFound();
  },

  'apps/create-installation-access-token': (request, state) => {
    const store = appsStore(state);
    const installation = store.installations.get(
      Number(request.pathParams.installation_id),
    );
    if (!installation) return notFound();
    const token = `ghs_${crypto.randomBytes(18).toString('hex')}`;
    const expiresAt =
      state.now().getTime() + (store.app.tokenLifetimeMs ?? 3_600_000);
    store.tokens.set(token, { installationId: installation.id, expiresAt });
    return json(201, {
      token,
      expires_at: new Date(expiresAt).toISOString(),
      permissions: store.app.permissions ?? {
        members: 'write',
        metadata: 'read',
      },
      repository_selection: 'all',
    });
  },
};
