import crypto from 'node:crypto';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createGitHubStandIn,
  GitHubStandIn,
} from '@groundwork/stand-in-test-utils';
import { createPersonaOnboardAction } from '../actions/onboard';
import { createPersonaActionDeps } from '../engine/deps';
import {
  ADA,
  catalogEntities,
  environmentsConfig,
  ORG,
  personaConfig,
  seedGitHub,
} from '../__testUtils__/fixtures';
import { recordingAuditor, recordingRequests } from '../__testUtils__/harness';

// The first test loads GitHub's 10 MB OpenAPI description.
jest.setTimeout(30_000);

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

describe('GitHub credentials from the portal integration', () => {
  const mockDir = createMockDirectory();
  let standIn: GitHubStandIn;

  beforeEach(async () => {
    standIn = await createGitHubStandIn({
      app: { appId: 77, publicKey },
    }).start();
    seedGitHub(standIn);
  });

  afterEach(async () => {
    await standIn.stop();
    mockDir.clear();
  });

  function onboardAction() {
    const config = new ConfigReader({
      groundwork: { ...environmentsConfig(), persona: personaConfig() },
      integrations: {
        github: [
          {
            host: 'github.test',
            apiBaseUrl: standIn.url,
            apps: [
              {
                appId: 77,
                privateKey,
                clientId: 'Iv1.test',
                clientSecret: 'test-secret',
                webhookSecret: 'test-webhook-secret',
              },
            ],
          },
        ],
      },
    });
    return createPersonaOnboardAction(
      createPersonaActionDeps({
        config,
        catalog: catalogServiceMock({ entities: catalogEntities() }),
        auditor: recordingAuditor().auditor,
        permissions: mockServices.permissions(),
        requests: recordingRequests().requests,
      }),
    );
  }

  function context() {
    const ctx = createMockActionContext({
      input: {
        person: ADA,
        persona: 'developer',
        team: 'group:default/payments',
        startDate: '2026-01-05',
      },
      workspacePath: mockDir.resolve('ws'),
    });
    ctx.getInitiatorCredentials = async () => mockCredentials.user();
    return ctx;
  }

  it('acts as the GitHub App installed on the organization', async () => {
    standIn.installApp(ORG);
    await onboardAction().handler(context() as any);
    expect(
      standIn.callsTo('apps/create-installation-access-token'),
    ).toHaveLength(1);
    const changes = standIn.calls.filter(c => c.method === 'PUT');
    expect(changes.map(c => c.operationId)).toEqual([
      'orgs/set-membership-for-user',
      'teams/add-or-update-membership-for-user-in-org',
    ]);
    expect(
      changes.every(c => /^token ghs_/.test(String(c.headers.authorization))),
    ).toBe(true);
    standIn.assertNoViolations();
  });

  it('says what to do when the app is not installed on the organization', async () => {
    await expect(onboardAction().handler(context() as any)).rejects.toThrow(
      'The GitHub integration for github.test has no credentials for the organization acme: install the GitHub App on it (with the Members organization permission, read and write) or configure a token with the admin:org scope.',
    );
    expect(standIn.calls.filter(c => c.method === 'PUT')).toEqual([]);
  });
});
