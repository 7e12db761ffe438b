import crypto from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { checkAppJwt, createGitHubStandIn, GitHubStandIn } from '.';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

describe('GitHub stand-in: GitHub App authentication', () => {
  let standIn: GitHubStandIn;

  beforeEach(async () => {
    standIn = await createGitHubStandIn({
      app: { appId: 4242, publicKey },
    }).start();
    standIn.state.addOrg({ login: 'acme' });
    standIn.state.addTeam('acme', { name: 'payments' });
  });

  afterEach(() => standIn.stop());

  it('lets @octokit/auth-app list installations and call as the installation', async () => {
    const installationId = standIn.installApp('acme');
    const app = new Octokit({
      baseUrl: standIn.url,
      authStrategy: createAppAuth,
      auth: { appId: 4242, privateKey },
    });
    const installations = await app.paginate('GET /app/installations');
    expect(installations).toEqual([
      expect.objectContaining({
        id: installationId,
        account: expect.objectContaining({
          login: 'acme',
          type: 'Organization',
        }),
      }),
    ]);
    const installation = new Octokit({
      baseUrl: standIn.url,
      authStrategy: createAppAuth,
      auth: { appId: 4242, privateKey, installationId },
    });
    await expect(
      installation.teams.getByName({ org: 'acme', team_slug: 'payments' }),
    ).resolves.toMatchObject({ status: 200 });
    expect(
      standIn.callsTo('apps/create-installation-access-token'),
    ).toHaveLength(1);
    const used = standIn.callsTo('teams/get-by-name')[0].headers.authorization;
    expect(used).toMatch(/^token ghs_/);
    standIn.assertNoViolations();
  });

  it('refuses a JWT signed by another key, and a token it did not issue', async () => {
    const other = crypto.generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const impostor = new Octokit({
      baseUrl: standIn.url,
      authStrategy: createAppAuth,
      auth: { appId: 4242, privateKey: other.privateKey },
    });
    await expect(
      impostor.request('GET /app/installations'),
    ).rejects.toMatchObject({
      status: 401,
    });
    const guesser = new Octokit({ baseUrl: standIn.url, auth: 'ghs_guessed' });
    await expect(
      guesser.teams.getByName({ org: 'acme', team_slug: 'payments' }),
    ).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('Bad credentials'),
    });
  });

  it('checks the claims of the JWT', () => {
    const sign = (claims: object) => {
      const part = (o: object) =>
        Buffer.from(JSON.stringify(o)).toString('base64url');
      const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
      const signature = crypto.sign(
        'RSA-SHA256',
        Buffer.from(unsigned),
        privateKey,
      );
      return `${unsigned}.${signature.toString('base64url')}`;
    };
    const now = Math.floor(Date.now() / 1000);
    const app = { appId: 4242, publicKey };
    expect(
      checkAppJwt(sign({ iss: 4242, iat: now - 30, exp: now + 540 }), app),
    ).toBeUndefined();
    expect(
      checkAppJwt(sign({ iss: 1, iat: now - 30, exp: now + 540 }), app),
    ).toBe('JWT iss 1 is not the app');
    expect(
      checkAppJwt(sign({ iss: 4242, iat: now - 700, exp: now - 100 }), app),
    ).toBe('JWT expired');
    expect(
      checkAppJwt(sign({ iss: 4242, iat: now, exp: now + 3600 }), app),
    ).toBe('JWT lives longer than 10 minutes');
  });
});
