import { Octokit } from '@octokit/rest';
import {
  CODE_LIFETIME_MS,
  createGitHubStandIn,
  GitHubStandIn,
  OAuthAppRecord,
  redirectUriMatches,
} from '.';

const INTEGRATION_TOKEN = 'ghs_portal_integration';
const CALLBACK = 'https://portal.acme.dev/api/auth/github/handler/frame';

/** What a browser sends back from the sign-in page: its hidden fields, and the button pressed. */
function formOf(html: string, button: Record<string, string>) {
  const unescape = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const fields = new URLSearchParams();
  for (const m of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    fields.set(m[1], unescape(m[2]));
  }
  for (const [k, v] of Object.entries(button)) fields.set(k, v);
  return fields;
}

describe('GitHub stand-in: OAuth web application flow', () => {
  let github: GitHubStandIn;
  let app: OAuthAppRecord;

  beforeEach(async () => {
    github = await createGitHubStandIn({ tokens: [INTEGRATION_TOKEN] }).start();
    const { state } = github;
    state.addOrg({ login: 'acme' });
    state.addTeam('acme', { name: 'Payments' });
    state.addUser({
      login: 'alan-turing',
      name: 'Alan Turing',
      email: 'alan.turing@acme.dev',
    });
    state.addUser({ login: 'ada-lovelace', name: 'Ada Lovelace' });
    state.addUser({ login: 'portal[bot]', type: 'Bot' });
    state.setTeamMember('acme', 'payments', 'alan-turing');
    app = github.registerOAuthApp({
      name: 'Acme portal',
      callbackUrl: CALLBACK,
    });
  });

  afterEach(() => github.stop());

  const authorizeUrl = (params: Record<string, string>) =>
    `${github.url}/login/oauth/authorize?${new URLSearchParams(params)}`;

  /** Opens the sign-in page and presses a button on it; resolves with where GitHub sends the browser. */
  async function signIn(
    params: Record<string, string>,
    button: Record<string, string> = { login: 'alan-turing' },
  ) {
    const pageRes = await fetch(authorizeUrl(params));
    expect(pageRes.status).toBe(200);
    const res = await fetch(`${github.url}/login/oauth/authorize`, {
      method: 'POST',
      body: formOf(await pageRes.text(), button),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  async function exchange(
    fields: Record<string, string>,
    accept = 'application/json',
  ) {
    const res = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept },
      body: new URLSearchParams(fields),
    });
    return res;
  }

  async function codeFor(login = 'alan-turing') {
    const back = await signIn(
      {
        client_id: app.clientId,
        redirect_uri: CALLBACK,
        state: 'st4te',
        scope: 'read:user',
      },
      { login },
    );
    return back.searchParams.get('code')!;
  }

  it('lists the accounts on a sign-in page, one button per login, and escapes what the app sent', async () => {
    const res = await fetch(
      authorizeUrl({
        client_id: app.clientId,
        redirect_uri: CALLBACK,
        state: '"><script>alert(1)</script>',
        scope: 'read:user',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-frame-options')).toBe('deny');
    const html = await res.text();
    expect(html).toContain('<h1>Sign in to the GitHub stand-in</h1>');
    expect(html).toContain('Acme portal');
    const logins = [
      ...html.matchAll(/<button type="submit" name="login" value="([^"]+)">/g),
    ].map(m => m[1]);
    // People only: the portal's bot account cannot sign in.
    expect(logins).toEqual(['ada-lovelace', 'alan-turing']);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('signs a person in: code and state back to the app, the code exchanged once, the token reads who it is', async () => {
    const back = await signIn({
      client_id: app.clientId,
      redirect_uri: CALLBACK,
      state: 'st4te',
      scope: 'read:user',
    });
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code')!;
    expect(code).toMatch(/^[0-9a-f]{20}$/);

    // passport-oauth2 sends a form and no Accept: GitHub's default answer is form-encoded.
    const res = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        redirect_uri: CALLBACK,
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(
      /^application\/x-www-form-urlencoded/,
    );
    const answer = new URLSearchParams(await res.text());
    expect(answer.get('token_type')).toBe('bearer');
    expect(answer.get('scope')).toBe('read:user');
    const token = answer.get('access_token')!;
    expect(token).toMatch(/^gho_/);

    const user = await fetch(`${github.url}/user`, {
      headers: { authorization: `token ${token}` },
    });
    expect(user.status).toBe(200);
    expect(user.headers.get('x-oauth-scopes')).toBe('read:user');
    expect(await user.json()).toMatchObject({
      login: 'alan-turing',
      name: 'Alan Turing',
      email: 'alan.turing@acme.dev',
      user_view_type: 'private',
    });

    // Where Backstage's GitHub provider reads the profile when enterpriseInstanceUrl is set.
    const enterprise = await fetch(`${github.url}/api/v3/user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(enterprise.status).toBe(200);
    const profile = await enterprise.json();
    expect(profile.login).toBe('alan-turing');
    expect(profile.url).toBe(`${github.url}/api/v3/users/alan-turing`);
    expect(github.callsTo('users/get-authenticated')).toHaveLength(2);
    github.assertNoViolations();
  });

  it('answers the exchange as JSON or XML when Accept asks, and takes a JSON body', async () => {
    const jsonRes = await fetch(`${github.url}/login/oauth/access_token`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: await codeFor(),
      }),
    });
    expect(await jsonRes.json()).toEqual({
      access_token: expect.stringMatching(/^gho_/),
      scope: 'read:user',
      token_type: 'bearer',
    });
    const xml = await exchange(
      {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: await codeFor(),
      },
      'application/xml',
    );
    expect(await xml.text()).toMatch(
      /^<OAuth><access_token>gho_\w+<\/access_token><scope>read:user<\/scope><token_type>bearer<\/token_type><\/OAuth>$/,
    );
  });

  it('answers a token without the read:user scope with the public profile only', async () => {
    const back = await signIn({ client_id: app.clientId, state: 's' });
    // No redirect_uri: GitHub goes back to the registered callback URL.
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    const res = await exchange({
      client_id: app.clientId,
      client_secret: app.clientSecret,
      code: back.searchParams.get('code')!,
    });
    const { access_token: token, scope } = await res.json();
    expect(scope).toBe('');
    const user = await (
      await fetch(`${github.url}/user`, {
        headers: { authorization: `token ${token}` },
      })
    ).json();
    expect(user.user_view_type).toBe('public');
    expect(user).not.toHaveProperty('two_factor_authentication');
    github.assertNoViolations();
  });

  describe('refusals', () => {
    it('shows a 404 page for a client id no app has, and redirects nowhere', async () => {
      const res = await fetch(
        authorizeUrl({ client_id: 'Ov23liunknown', redirect_uri: CALLBACK }),
        { redirect: 'manual' },
      );
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
      // Posting the form directly is refused the same way.
      const post = await fetch(`${github.url}/login/oauth/authorize`, {
        method: 'POST',
        body: new URLSearchParams({
          client_id: 'Ov23liunknown',
          redirect_uri: 'https://evil.example/steal',
          login: 'alan-turing',
        }),
        redirect: 'manual',
      });
      expect(post.status).toBe(404);
      expect(post.headers.get('location')).toBeNull();
    });

    it.each([
      ['another host', 'https://evil.example/api/auth/github/handler/frame'],
      [
        'another port',
        'https://portal.acme.dev:8443/api/auth/github/handler/frame',
      ],
      ['a path outside the callback', 'https://portal.acme.dev/api/auth/other'],
      ['a sibling path sharing a prefix', `${CALLBACK}-evil`],
      ['a path escaping with ..', `${CALLBACK}/../../../steal`],
      ['another scheme', CALLBACK.replace('https:', 'http:')],
      [
        'a host that only ends like it',
        'https://evilportal.acme.dev.evil.example/api/auth/github/handler/frame',
      ],
    ])(
      'sends an unregistered redirect_uri (%s) back to the registered callback with redirect_uri_mismatch, never the code',
      async (_, redirectUri) => {
        for (const method of ['GET', 'POST']) {
          const params = new URLSearchParams({
            client_id: app.clientId,
            redirect_uri: redirectUri,
            state: 'xyz',
            login: 'alan-turing',
          });
          const res = await fetch(
            method === 'GET'
              ? `${github.url}/login/oauth/authorize?${params}`
              : `${github.url}/login/oauth/authorize`,
            {
              method,
              body: method === 'POST' ? params : undefined,
              redirect: 'manual',
            },
          );
          expect(res.status).toBe(302);
          const location = new URL(res.headers.get('location')!);
          expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
          expect(location.searchParams.get('error')).toBe(
            'redirect_uri_mismatch',
          );
          expect(location.searchParams.get('state')).toBe('xyz');
          expect(location.searchParams.has('code')).toBe(false);
        }
      },
    );

    it('refuses a wrong client secret with incorrect_client_credentials, status 200, and leaves the code usable', async () => {
      const code = await codeFor();
      const res = await exchange(
        { client_id: app.clientId, client_secret: 'wrong', code },
        '',
      );
      expect(res.status).toBe(200);
      const answer = new URLSearchParams(await res.text());
      expect(answer.get('error')).toBe('incorrect_client_credentials');
      expect(answer.has('access_token')).toBe(false);
      const ok = await exchange({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
      });
      expect((await ok.json()).access_token).toMatch(/^gho_/);
    });

    it('exchanges a code once: a reused code gets bad_verification_code, status 200', async () => {
      const code = await codeFor();
      const fields = {
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code,
      };
      const first = await (await exchange(fields)).json();
      expect(first.access_token).toMatch(/^gho_/);
      const again = await exchange(fields);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({
        error: 'bad_verification_code',
        error_description: 'The code passed is incorrect or expired.',
        error_uri: expect.stringContaining('#bad-verification-code'),
      });
    });

    it('refuses a code after ten minutes, a made-up code, and a code issued to another app', async () => {
      const expired = await codeFor();
      const start = Date.now();
      github.state.now = () => new Date(start + CODE_LIFETIME_MS + 1000);
      const stale = await exchange({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: expired,
      });
      expect((await stale.json()).error).toBe('bad_verification_code');
      github.state.now = () => new Date();

      const madeUp = await exchange({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: '0123456789abcdef0123',
      });
      expect((await madeUp.json()).error).toBe('bad_verification_code');

      const other = github.registerOAuthApp({
        callbackUrl: 'https://other.acme.dev/callback',
      });
      const stolen = await exchange({
        client_id: other.clientId,
        client_secret: other.clientSecret,
        code: await codeFor(),
      });
      expect((await stolen.json()).error).toBe('bad_verification_code');
    });

    it('refuses an exchange whose redirect_uri is not the one the code was issued for', async () => {
      const res = await exchange({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        code: await codeFor(),
        redirect_uri: `${CALLBACK}/elsewhere`,
      });
      expect((await res.json()).error).toBe('redirect_uri_mismatch');
    });

    it('sends access_denied back when the person cancels', async () => {
      const back = await signIn(
        { client_id: app.clientId, redirect_uri: CALLBACK, state: 's1' },
        { cancel: '1' },
      );
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe('s1');
      expect(back.searchParams.has('code')).toBe(false);
    });

    it('takes a user token for GET /user only, never as the integration token', async () => {
      const { access_token: token } = await (
        await exchange({
          client_id: app.clientId,
          client_secret: app.clientSecret,
          code: await codeFor(),
        })
      ).json();
      const asUser = new Octokit({ baseUrl: github.url, auth: token });
      await expect(asUser.teams.list({ org: 'acme' })).rejects.toMatchObject({
        status: 403,
      });
      await expect(
        asUser.orgs.setMembershipForUser({
          org: 'acme',
          username: 'alan-turing',
          role: 'admin',
        }),
      ).rejects.toMatchObject({ status: 403 });
      expect(github.state.org('acme')!.members.get('alan-turing')!.role).toBe(
        'member',
      );

      // Nor on a stand-in that accepts every other caller.
      const open = await createGitHubStandIn({ state: github.state }).start();
      try {
        const res = await fetch(`${open.url}/orgs/acme/teams`, {
          headers: { authorization: `token ${token}` },
        });
        expect(res.status).toBe(403);
        expect((await fetch(`${open.url}/orgs/acme/teams`)).status).toBe(200);
      } finally {
        await open.stop();
      }

      // The integration token is an app's: GET /user is not for it, as on GitHub.
      const asPortal = new Octokit({
        baseUrl: github.url,
        auth: INTEGRATION_TOKEN,
      });
      await expect(asPortal.users.getAuthenticated()).rejects.toMatchObject({
        status: 403,
        message: expect.stringContaining(
          'Resource not accessible by integration',
        ),
      });
      const unknown = await fetch(`${github.url}/user`, {
        headers: { authorization: 'token gho_forged' },
      });
      expect(unknown.status).toBe(401);
      github.assertNoViolations();
    });
  });
});

describe('redirectUriMatches (GitHub "Redirect URLs")', () => {
  it.each([
    // The examples GitHub's documentation gives for CALLBACK http://example.com/path.
    ['http://example.com/path', 'http://example.com/path', true],
    ['http://example.com/path', 'http://example.com/path/subdir/other', true],
    ['http://example.com/path', 'http://oauth.example.com/path', true],
    [
      'http://example.com/path',
      'http://oauth.example.com/path/subdir/other',
      true,
    ],
    ['http://example.com/path', 'http://example.com/bar', false],
    ['http://example.com/path', 'http://example.com/', false],
    ['http://example.com/path', 'http://example.com:8080/path', false],
    ['http://example.com/path', 'http://oauth.example.com:8080/path', false],
    ['http://example.com/path', 'http://example.org', false],
    // Loopback: any port.
    ['http://127.0.0.1/path', 'http://127.0.0.1:1234/path', true],
    [
      'http://localhost/api/auth/github/handler/frame',
      'http://localhost:7007/api/auth/github/handler/frame',
      true,
    ],
    ['http://localhost/path', 'http://127.0.0.1:1234/path', false],
    ['http://localhost/path', 'http://evil.localhost:1234/path', false],
    // Never a fragment or user info.
    ['http://example.com/path', 'http://example.com/path#x', false],
    ['http://example.com/path', 'http://user@example.com/path', false],
    ['http://example.com/path', 'not a url', false],
  ])('callback %s, redirect_uri %s: %s', (callback, redirectUri, expected) => {
    expect(redirectUriMatches(callback, redirectUri)).toBe(expected);
  });
});
