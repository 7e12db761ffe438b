import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import {
  createGitHubStandIn,
  GitHubStandIn,
} from '@groundwork/stand-in-test-utils';
import { createPersonaCoreDeps } from '../engine/deps';
import {
  ADA,
  catalogEntities,
  configReader,
  ORG,
  seedGitHub,
  TOKEN,
} from '../__testUtils__/fixtures';
import { recordingAuditor, writes } from '../__testUtils__/harness';
import { createAccessRequestApplier } from './accessApplier';

// The first test loads GitHub's OpenAPI description.
jest.setTimeout(30_000);

describe('the access request applier', () => {
  let standIn: GitHubStandIn;
  let audit: ReturnType<typeof recordingAuditor>;
  let applier: ReturnType<typeof createAccessRequestApplier>;

  beforeEach(async () => {
    standIn = await createGitHubStandIn({ tokens: [TOKEN] }).start();
    seedGitHub(standIn);
    audit = recordingAuditor();
    applier = createAccessRequestApplier({
      deps: createPersonaCoreDeps({
        config: configReader(standIn.url),
        catalog: catalogServiceMock({ entities: catalogEntities() }),
        auditor: audit.auditor,
      }),
      auth: mockServices.auth({ pluginId: 'requests' }),
    });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  const payload = {
    person: ADA,
    persona: 'sre',
    team: 'group:default/payments',
    startDate: '2026-01-05',
  };

  it('refuses what onboarding would refuse, before anyone is asked to decide', async () => {
    await expect(
      applier.validate({ ...payload, person: { ...ADA, email: 'nope' } }),
    ).rejects.toThrow(InputError);
    await expect(
      applier.validate({ ...payload, persona: 'root' }),
    ).rejects.toThrow(/root/);
    await expect(
      applier.validate({ ...payload, team: 'group:default/nowhere' }),
    ).rejects.toThrow('is not a Group in the catalog');
    // Anything beyond an onboarding's input is dropped.
    expect(
      await applier.validate({ ...payload, outputDir: '/etc', extra: 1 }),
    ).toEqual(payload);
  });

  it('describes the grants from the payload alone', async () => {
    expect(await applier.describe(payload)).toEqual({
      title: 'Onboard Ada Lovelace as Site reliability engineer in payments',
      subject: 'user:default/Ada-L',
      entityRef: 'group:default/payments',
      changes: [
        { system: 'github', target: `organization ${ORG} (member) for @Ada-L` },
        {
          system: 'github',
          target: `team ${ORG}/payments-team (member) for @Ada-L`,
        },
      ],
    });
  });

  it('applies the memberships once approved, audited with who asked and who approved', async () => {
    const request = {
      id: 'r-1',
      payload,
      requestedBy: 'user:default/mock',
      decidedBy: 'user:default/radia.perlman',
    } as unknown as GroundworkRequest;
    const logger = mockServices.logger.mock();
    const first = await applier.apply(request, { logger });
    expect(first.changes.map(c => [c.target, c.status])).toEqual([
      [`organization ${ORG} (member) for @Ada-L`, 'done'],
      [`team ${ORG}/payments-team (member) for @Ada-L`, 'done'],
    ]);
    expect(standIn.state.org(ORG)!.invitations.size).toBe(1);
    expect(audit.events.map(e => e.meta)).toEqual([
      expect.objectContaining({
        status: 'invited',
        requestId: 'r-1',
        requestedBy: 'user:default/mock',
        approvedBy: 'user:default/radia.perlman',
      }),
      expect.objectContaining({ status: 'invited', requestId: 'r-1' }),
    ]);
    const writesBefore = writes(standIn).length;
    const again = await applier.apply(request, { logger });
    expect(again.changes.map(c => c.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(writes(standIn)).toHaveLength(writesBefore);
    standIn.assertNoViolations();
  });
});
