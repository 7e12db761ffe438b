import crypto from 'node:crypto';
import { StandInRequest, StandInResponse } from '../contract';
import { avatarHandlers } from './avatars';
import type { GitHubHandler } from './index';
import { privateUser, publicUser } from './representations';
import { apiBase, bearerToken, gitHubError, json } from './responses';
import { GitHubState } from './state';

/**
 * GitHub's OAuth web application flow ("Authorizing OAuth apps"), as an
 * OAuth app such as Backstage's GitHub sign-in goes through it:
 *
 * 1. `GET /login/oauth/authorize?client_id&redirect_uri&state&scope`: the
 *    person signs in. The stand-in has no passwords: its page lists the
 *    accounts, one button per login, and choosing one is signing in as that
 *    person and authorizing the app.
 * 2. GitHub redirects to `redirect_uri?code&state`; the code is single-use
 *    and expires after 10 minutes.
 * 3. `POST /login/oauth/access_token` exchanges the code, with the app's
 *    client id and secret, for a user access token (`gho_...`).
 * 4. `GET /user` (`/api/v3/user` on GitHub Enterprise Server) with that
 *    token answers who signed in.
 *
 * Refusals are GitHub's: an unknown client id gets a 404 page; a
 * `redirect_uri` outside the registered callback URL sends the browser to
 * the callback URL with `error=redirect_uri_mismatch` (never to the
 * unregistered address); the token endpoint answers its errors
 * (`incorrect_client_credentials`, `bad_verification_code`,
 * `redirect_uri_mismatch`) with status 200, in the format `Accept` asks for.
 */

/** An OAuth app as registered in GitHub's developer settings. */
export interface OAuthAppOptions {
  /** "Application name", shown on the sign-in page. */
  name?: string;
  /** Generated when omitted. */
  clientId?: string;
  /** Generated when omitted. */
  clientSecret?: string;
  /**
   * "Authorization callback URL". A `redirect_uri` must be on its host (or a
   * subdomain) and port, with a path at or below its path; on a loopback
   * host (`127.0.0.1`, `[::1]`, `localhost`) any port matches.
   */
  callbackUrl: string;
}

export interface OAuthAppRecord {
  name: string;
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
}

interface CodeGrant {
  clientId: string;
  /** Lower-cased login of the person who signed in. */
  login: string;
  scopes: string[];
  /** The `redirect_uri` the authorization request named, if it named one. */
  redirectUri?: string;
  expiresAt: number;
}

export interface OAuthUserTokenRecord {
  clientId: string;
  /** Lower-cased login. */
  login: string;
  scopes: string[];
}

interface OAuthStore {
  apps: Map<string, OAuthAppRecord>;
  codes: Map<string, CodeGrant>;
  tokens: Map<string, OAuthUserTokenRecord>;
}

/** How long an authorization code lives on GitHub. */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;

const DOCS = 'https://docs.github.com/apps/oauth-apps';
const TOKEN_ERRORS_DOCS = `${DOCS}/maintaining-oauth-apps/troubleshooting-oauth-app-access-token-request-errors`;
const AUTHORIZATION_ERRORS_DOCS = `${DOCS}/maintaining-oauth-apps/troubleshooting-authorization-request-errors`;

export function oauthStore(state: GitHubState): OAuthStore {
  return state.extension<OAuthStore>('oauth', () => ({
    apps: new Map(),
    codes: new Map(),
    tokens: new Map(),
  }));
}

/** Registers an OAuth app; returns it with its client id and secret. */
export function registerOAuthApp(
  state: GitHubState,
  options: OAuthAppOptions,
): OAuthAppRecord {
  if (!URL.canParse(options.callbackUrl)) {
    throw new Error(
      `The OAuth app's callbackUrl "${options.callbackUrl}" is not an absolute URL`,
    );
  }
  const app: OAuthAppRecord = {
    name: options.name ?? 'OAuth app',
    // The shape of today's OAuth app client ids and secrets.
    clientId:
      options.clientId ?? `Ov23li${crypto.randomBytes(7).toString('hex')}`,
    clientSecret:
      options.clientSecret ?? crypto.randomBytes(20).toString('hex'),
    callbackUrl: options.callbackUrl,
  };
  oauthStore(state).apps.set(app.clientId, app);
  return app;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Whether GitHub sends a browser to `redirectUri` for an app with this
 * callback URL ("Redirect URLs" and "Loopback redirect urls" in
 * "Authorizing OAuth apps"): same host or a subdomain of it, same port
 * unless the host is a loopback one, and a path at or below the callback's.
 * The scheme must match too, and a fragment or user info is never accepted.
 */
export function redirectUriMatches(
  callbackUrl: string,
  redirectUri: string,
): boolean {
  if (!URL.canParse(callbackUrl) || !URL.canParse(redirectUri)) return false;
  const callback = new URL(callbackUrl);
  const redirect = new URL(redirectUri);
  if (redirect.protocol !== callback.protocol) return false;
  if (redirect.hash || redirect.username || redirect.password) return false;
  const sameHost = redirect.hostname === callback.hostname;
  if (!sameHost && !redirect.hostname.endsWith(`.${callback.hostname}`)) {
    return false;
  }
  const loopback = sameHost && LOOPBACK_HOSTS.has(callback.hostname);
  if (!loopback && redirect.port !== callback.port) return false;
  // The URL parser has already resolved `.` and `..` segments.
  const base = callback.pathname.replace(/\/+$/, '');
  return (
    redirect.pathname === callback.pathname ||
    redirect.pathname === base ||
    redirect.pathname.startsWith(`${base}/`)
  );
}

/** A parameter from a form or JSON body, else from the query string. */
function param(request: StandInRequest, name: string): string | undefined {
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value === 'string') return value;
  }
  return request.query.get(name) ?? undefined;
}

function scopesOf(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/[\s,]+/).filter(Boolean))];
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // As github.com's sign-in pages: never framed, no scripts.
  'x-frame-options': 'deny',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
};

function page(status: number, title: string, body: string): StandInResponse {
  return {
    status,
    headers: PAGE_HEADERS,
    raw: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; }
ul { list-style: none; padding: 0; }
li { display: flex; gap: 1rem; align-items: center; margin: 0.5rem 0; }
li button { min-width: 12rem; text-align: left; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`,
  };
}

function redirectTo(location: URL): StandInResponse {
  return {
    status: 302,
    headers: { location: location.toString(), 'cache-control': 'no-store' },
  };
}

interface AuthorizationRequest {
  app: OAuthAppRecord;
  /** Where the browser goes back to: `redirect_uri`, or the callback URL. */
  target: string;
  /** `redirect_uri` as the app sent it, which the token request must repeat. */
  redirectUri?: string;
  state?: string;
  scope?: string;
}

/** The authorization request, or GitHub's answer refusing it. */
function authorizationRequest(
  request: StandInRequest,
  state: GitHubState,
): AuthorizationRequest | StandInResponse {
  const app = oauthStore(state).apps.get(param(request, 'client_id') ?? '');
  if (!app) {
    return page(
      404,
      'Not Found',
      '<p>No OAuth app has this client_id. Check the client id the application was configured with.</p>',
    );
  }
  const redirectUri = param(request, 'redirect_uri') || undefined;
  const oauthState = param(request, 'state');
  if (redirectUri && !redirectUriMatches(app.callbackUrl, redirectUri)) {
    const target = new URL(app.callbackUrl);
    target.searchParams.set('error', 'redirect_uri_mismatch');
    target.searchParams.set(
      'error_description',
      'The redirect_uri MUST match the registered callback URL for this application.',
    );
    target.searchParams.set(
      'error_uri',
      `${AUTHORIZATION_ERRORS_DOCS}#redirect-uri-mismatch`,
    );
    if (oauthState !== undefined) target.searchParams.set('state', oauthState);
    return redirectTo(target);
  }
  return {
    app,
    target: redirectUri ?? app.callbackUrl,
    redirectUri,
    state: oauthState,
    scope: param(request, 'scope'),
  };
}

const isRefusal = (
  value: AuthorizationRequest | StandInResponse,
): value is StandInResponse => 'status' in value;

function signInPage(
  authorization: AuthorizationRequest,
  state: GitHubState,
): StandInResponse {
  const hidden = (name: string, value: string | undefined) =>
    value === undefined
      ? ''
      : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const people = [...state.users.values()]
    .filter(u => u.type === 'User')
    .sort((a, b) => a.login.localeCompare(b.login));
  const scopes = scopesOf(authorization.scope);
  const rows = people
    .map(
      u =>
        `<li><button type="submit" name="login" value="${escapeHtml(
          u.login,
        )}">${escapeHtml(u.login)}</button><span>${escapeHtml(
          u.name ?? '',
        )}</span></li>`,
    )
    .join('\n');
  return page(
    200,
    'Sign in to the GitHub stand-in',
    `<p><strong>${escapeHtml(
      authorization.app.name,
    )}</strong> wants to know who you are (scopes: ${escapeHtml(
      scopes.join(', ') || 'none, public profile only',
    )}). Choose the account to sign in as: the stand-in asks for no password.</p>
<form method="post" action="/login/oauth/authorize">
${hidden('client_id', authorization.app.clientId)}
${hidden('redirect_uri', authorization.redirectUri)}
${hidden('state', authorization.state)}
${hidden('scope', authorization.scope)}
<ul>
${rows}
</ul>
<p><button type="submit" name="cancel" value="1">Cancel</button></p>
</form>`,
  );
}

/** GitHub's token endpoint answers in the format `Accept` asks for; form-encoded by default. */
function tokenEndpointAnswer(
  request: StandInRequest,
  fields: Record<string, string>,
): StandInResponse {
  const accept = String(request.headers.accept ?? '');
  const headers = { 'cache-control': 'no-store' };
  if (/\bapplication\/json\b/i.test(accept)) {
    return { status: 200, body: fields, headers };
  }
  if (/\bapplication\/xml\b/i.test(accept)) {
    const elements = Object.entries(fields)
      .map(([k, v]) => `<${k}>${escapeHtml(v)}</${k}>`)
      .join('');
    return {
      status: 200,
      raw: `<OAuth>${elements}</OAuth>`,
      headers: { ...headers, 'content-type': 'application/xml; charset=utf-8' },
    };
  }
  return {
    status: 200,
    raw: new URLSearchParams(fields).toString(),
    headers: {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    },
  };
}

function tokenError(
  request: StandInRequest,
  error: string,
  description: string,
  anchor: string,
): StandInResponse {
  return tokenEndpointAnswer(request, {
    error,
    error_description: description,
    error_uri: `${TOKEN_ERRORS_DOCS}#${anchor}`,
  });
}

function secretMatches(expected: string, given: string | undefined): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given ?? '');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The web endpoints, keyed as outside-contract endpoints of the API server. */
export const oauthWebHandlers: Record<string, GitHubHandler> = {
  'GET /login/oauth/authorize': (request, state) => {
    const authorization = authorizationRequest(request, state);
    return isRefusal(authorization)
      ? authorization
      : signInPage(authorization, state);
  },

  // The sign-in page's form: the person chose an account, or cancelled.
  'POST /login/oauth/authorize': (request, state) => {
    const authorization = authorizationRequest(request, state);
    if (isRefusal(authorization)) return authorization;
    const target = new URL(authorization.target);
    const back = () => {
      if (authorization.state !== undefined) {
        target.searchParams.set('state', authorization.state);
      }
      return redirectTo(target);
    };
    if (param(request, 'cancel')) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set(
        'error_description',
        'The user has denied your application access.',
      );
      target.searchParams.set(
        'error_uri',
        `${AUTHORIZATION_ERRORS_DOCS}#access-denied`,
      );
      return back();
    }
    const user = state.user(param(request, 'login') ?? '');
    if (!user || user.type !== 'User') {
      return page(
        422,
        'Sign in to the GitHub stand-in',
        '<p>No such account on the stand-in: choose one of the accounts the sign-in page lists.</p>',
      );
    }
    const code = crypto.randomBytes(10).toString('hex');
    oauthStore(state).codes.set(code, {
      clientId: authorization.app.clientId,
      login: user.login.toLowerCase(),
      scopes: scopesOf(authorization.scope),
      redirectUri: authorization.redirectUri,
      expiresAt: state.now().getTime() + CODE_LIFETIME_MS,
    });
    target.searchParams.set('code', code);
    return back();
  },

  'POST /login/oauth/access_token': (request, state) => {
    const store = oauthStore(state);
    const app = store.apps.get(param(request, 'client_id') ?? '');
    if (
      !app ||
      !secretMatches(app.clientSecret, param(request, 'client_secret'))
    ) {
      return tokenError(
        request,
        'incorrect_client_credentials',
        'The client_id and/or client_secret passed are incorrect.',
        'incorrect-client-credentials',
      );
    }
    const code = param(request, 'code') ?? '';
    const grant = store.codes.get(code);
    if (grant && grant.expiresAt <= state.now().getTime()) {
      store.codes.delete(code);
    }
    if (
      !grant ||
      grant.clientId !== app.clientId ||
      grant.expiresAt <= state.now().getTime()
    ) {
      return tokenError(
        request,
        'bad_verification_code',
        'The code passed is incorrect or expired.',
        'bad-verification-code',
      );
    }
    // Matched against the authorization request, as the docs say GitHub does.
    const redirectUri = param(request, 'redirect_uri');
    if (
      redirectUri &&
      (grant.redirectUri
        ? redirectUri !== grant.redirectUri
        : !redirectUriMatches(app.callbackUrl, redirectUri))
    ) {
      return tokenError(
        request,
        'redirect_uri_mismatch',
        'The redirect_uri MUST match the registered callback URL for this application.',
        'redirect-uri-mismatch',
      );
    }
    store.codes.delete(code);
    const token = `gho_${crypto.randomBytes(18).toString('hex')}`;
    store.tokens.set(token, {
      clientId: app.clientId,
      login: grant.login,
      scopes: grant.scopes,
    });
    return tokenEndpointAnswer(request, {
      access_token: token,
      scope: grant.scopes.join(','),
      token_type: 'bearer',
    });
  },
};

/** `users/get-authenticated`: the person a user access token belongs to. */
export const authenticatedUserHandler: GitHubHandler = (request, state) => {
  const token = bearerToken(request);
  if (!token) {
    return { status: 401, body: gitHubError(401, 'Requires authentication') };
  }
  const personal = state.personalTokens.get(token);
  if (personal) {
    // A person's own token (`state.userToken`) reads that person.
    return json(
      200,
      privateUser(state.requireUser(personal), apiBase(request)),
    );
  }
  const grant = oauthStore(state).tokens.get(token);
  if (!grant) {
    // The portal's integration token is an app's, not a person's.
    return {
      status: 403,
      body: gitHubError(403, 'Resource not accessible by integration'),
    };
  }
  const user = state.user(grant.login);
  if (!user) return { status: 401, body: gitHubError(401, 'Bad credentials') };
  const readsProfile = grant.scopes.some(
    s => s === 'user' || s === 'read:user',
  );
  const api = apiBase(request);
  return {
    status: 200,
    body: readsProfile ? privateUser(user, api) : publicUser(user, api),
    headers: {
      'x-oauth-scopes': grant.scopes.join(', '),
      'x-accepted-oauth-scopes': '',
    },
  };
};

type Authenticate = (request: StandInRequest) => StandInResponse | undefined;

/**
 * The API's authentication with OAuth in front: the web endpoints check the
 * app's own credentials, and a user access token reads `GET /user` only.
 * The stand-in does not model what each person may do elsewhere, so a user
 * token is never taken for the portal's integration token.
 */
export function withOAuth(
  state: GitHubState,
  authenticate?: Authenticate,
): Authenticate {
  return request => {
    if (request.operationId in oauthWebHandlers) return undefined;
    // Pictures are public: an <img> sends no token.
    if (request.operationId in avatarHandlers) return undefined;
    const token = bearerToken(request);
    if (token && oauthStore(state).tokens.has(token)) {
      if (request.operationId === 'users/get-authenticated') return undefined;
      return {
        status: 403,
        body: gitHubError(
          403,
          `The GitHub stand-in takes OAuth user access tokens for GET /user only, not for ${request.operationId}: call it with the portal's integration token.`,
        ),
      };
    }
    return authenticate?.(request);
  };
}
