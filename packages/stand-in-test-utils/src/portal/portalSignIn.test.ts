import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import githubAuthModule from '@backstage/plugin-auth-backend-module-github-provider';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { oauthStore } from '../github';
import {
  GITHUB_AUTH_CALLBACK_PATH,
  PortalStandIns,
  repositoryRoot,
} from './portalStandIns';
import { setTimeout as sleep } from 'node:timers/promises';

jest.setTimeout(120_000);

/**
 * Backstage's real auth backend and GitHub provider, configured with the
 * overlay `serve.js` writes, sign people of the demo organisation in through
 * the GitHub stand-in: the redirect dance a browser does, in plain HTTP.
 */
describe('GitHub sign-in through the stand-in, with the real Backstage auth backend', () => {
  const root = repositoryRoot();
  const orgFile = path.join(root, 'examples/org.yaml');
  let standIns: PortalStandIns;
  let backendUrl: string;

  beforeAll(async () => {
    standIns = await PortalStandIns.start({
      orgFile,
      planFile: path.join(root, 'examples/plans/payments-api/dev.tfplan.json'),
    });
    const backend = await startTestBackend({
      features: [
        authPlugin,
        githubAuthModule,
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...standIns.overlay(),
            app: { baseUrl: 'http://localhost:3000' },
            catalog: {
              rules: [{ allow: ['User', 'Group'] }],
              locations: [{ type: 'file', target: orgFile }],
            },
          },
        }),
      ],
    });
    backendUrl = `http://localhost:${backend.server.port()}`;
    // The catalog reads the file asynchronously.
    const deadline = Date.now() + 30_000;
    while (
      (
        await fetch(
          `${backendUrl}/api/catalog/entities/by-name/user/default/radia.perlman`,
          { headers: { authorization: mockCredentials.service.header() } },
        )
      ).status !== 200
    ) {
      if (Date.now() > deadline)
        throw new Error('the catalog never read org.yaml');
      await sleep(200);
    }
  });

  afterAll(() => standIns?.stop());

  interface Dance {
    /** The callback URL the stand-in sent the browser to. */
    callback: URL;
    nonceCookie: string;
  }

  /** Start → the stand-in's sign-in page → the chosen login: up to the callback. */
  async function signInAt(login: string): Promise<Dance> {
    const start = await fetch(
      `${backendUrl}/api/auth/github/start?env=development`,
      { redirect: 'manual' },
    );
    expect(start.status).toBe(302);
    // The cookie a browser keeps: Backstage first clears a legacy one of the same name.
    const nonceCookie = start.headers
      .getSetCookie()
      .map(c => c.split(';')[0])
      .filter(c => /^github-nonce=./.test(c))
      .at(-1)!;
    const authorize = new URL(start.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `${standIns.github.url}/login/oauth/authorize`,
    );
    expect(authorize.searchParams.get('client_id')).toBe(
      standIns.signIn.clientId,
    );

    const page = await fetch(authorize);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sign in to the GitHub stand-in');
    expect(html).toContain(`value="${login}"`);
    // What the browser posts when the person presses their login's button.
    const form = new URLSearchParams();
    for (const m of html.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
    )) {
      form.set(m[1], m[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    }
    form.set('login', login);
    const chosen = await fetch(`${standIns.github.url}/login/oauth/authorize`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(chosen.status).toBe(302);
    const callback = new URL(chosen.headers.get('location')!);
    expect(`${callback.origin}${callback.pathname}`).toBe(
      `${backendUrl}${GITHUB_AUTH_CALLBACK_PATH}`,
    );
    return { callback, nonceCookie };
  }

  /** The handler frame's answer: what it posts to the app window. */
  async function finish({ callback, nonceCookie }: Dance) {
    const res = await fetch(callback, { headers: { cookie: nonceCookie } });
    expect(res.status).toBe(200);
    const encoded = /decodeURIComponent\('([^']*)'\)/.exec(
      await res.text(),
    )![1];
    return JSON.parse(decodeURIComponent(encoded));
  }

  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

  it('signs an ordinary member of payments in as their catalog User', async () => {
    const message = await finish(await signInAt('alan-turing'));
    expect(message.type).toBe('authorization_response');
    expect(message.error).toBeUndefined();
    const { backstageIdentity, profile } = message.response;
    expect(profile.email).toBe('alan.turing@example.com');
    expect(claimsOf(backstageIdentity.token).sub).toBe(
      'user:default/alan.turing',
    );
    // What the permission policy decides on: the catalog's memberships.
    const { identity } = backstageIdentity;
    expect(identity.userEntityRef).toBe('user:default/alan.turing');
    expect(identity.ownershipEntityRefs).toEqual(
      expect.arrayContaining([
        'user:default/alan.turing',
        'group:default/payments',
      ]),
    );
    expect(identity.ownershipEntityRefs).not.toContain(
      'group:default/security',
    );
    expect(identity.ownershipEntityRefs).not.toContain(
      'group:default/platform',
    );
  });

  it('signs an approver in as theirs', async () => {
    const message = await finish(await signInAt('radia-perlman'));
    const { token, identity } = message.response.backstageIdentity;
    expect(claimsOf(token).sub).toBe('user:default/radia.perlman');
    expect(identity.ownershipEntityRefs).toContain('group:default/security');
  });

  it('signs in nobody who has a GitHub account but no catalog User', async () => {
    const message = await finish(await signInAt('mae-jemison'));
    expect(message.response).toBeUndefined();
    expect(message.error.message).toMatch(/unable to resolve user identity/i);
  });

  it('does not sign anyone in twice with a replayed callback: the code was used', async () => {
    const dance = await signInAt('katherine-johnson');
    expect((await finish(dance)).response.backstageIdentity).toBeDefined();
    const replay = await finish(dance);
    expect(replay.response).toBeUndefined();
    expect(replay.error.message).toMatch(/failed to obtain access token/i);
    const issued = [...oauthStore(standIns.github.state).tokens.values()];
    expect(issued.filter(t => t.login === 'katherine-johnson')).toHaveLength(1);
  });

  it('reports the sign-in calls without the client secret or the codes', () => {
    const report = standIns.report();
    const ops = report.github.calls.map(c => c.operationId);
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /login/oauth/authorize',
        'POST /login/oauth/authorize',
        'POST /login/oauth/access_token',
        'users/get-authenticated',
      ]),
    );
    const text = JSON.stringify(report);
    expect(text).not.toContain(standIns.signIn.clientSecret);
    for (const call of report.github.calls.filter(
      c => c.operationId === 'POST /login/oauth/access_token',
    )) {
      expect(call.body).toMatchObject({
        client_secret: '[redacted]',
        code: '[redacted]',
      });
    }
    expect(report.github.violations).toEqual([]);
  });
});
