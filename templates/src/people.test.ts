import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import { cloudOf } from './testing/cloud';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  dryRun,
  loggedInputs,
  servedTrees,
  startScaffolder,
} from './__testUtils__/scaffolder';

jest.setTimeout(120_000);

/**
 * Onboarding and offboarding through the real scaffolder's dry run
 * (persona:onboard and persona:offboard are TEST DOUBLES that check their
 * inputs against the real actions' schemas; publish:github:pull-request runs for real
 * in dry-run mode; catalog:register and notification:send are skipped by the
 * dry run, and their inputs are checked against their own schemas).
 */
describe('employee onboarding and offboarding', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;
  let schemas: Awaited<ReturnType<typeof actionInputValidator>>;
  // The access repository the templates check out (fetch:plain).
  const accessRepo = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-access-'));
  beforeAll(async () => {
    fs.writeFileSync(path.join(accessRepo, 'README.md'), '# Access\n');
    servedTrees.set(
      'https://github.com/acme/platform-access/tree/main',
      accessRepo,
    );
    backend = await startScaffolder(state);
    schemas = await actionInputValidator(backend.server);
  });
  afterAll(async () => {
    servedTrees.clear();
    fs.rmSync(accessRepo, { recursive: true, force: true });
    await backend?.stop();
  });
  beforeEach(() => {
    state.calls.length = 0;
  });

  const onboarding = {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    githubLogin: 'Ada-L',
    startDate: '2026-12-01',
    manager: 'user:default/maria',
    team: 'group:default/payments',
    environments: ['dev', 'staging'],
    persona: 'developer',
    accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
  };

  it("onboards: persona:onboard (test double) gets exactly the wizard's answers", async () => {
    const r = await dryRun(backend.server, 'employee-onboarding', onboarding);
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    expect(state.calls.map(c => [c.action, c.input])).toEqual([
      [
        'persona:onboard',
        {
          person: {
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            githubLogin: 'Ada-L',
          },
          persona: 'developer',
          team: 'group:default/payments',
          environments: ['dev', 'staging'],
          startDate: '2026-12-01',
          manager: 'user:default/maria',
          outputDir: 'access',
        },
      ],
    ]);
  });

  it('onboards: opens the pull request with the written files, registers the User once merged, tells manager and team', async () => {
    const r = await dryRun(backend.server, 'employee-onboarding', onboarding);
    const [pr] = loggedInputs(r, 'publish:github:pull-request');
    expect(schemas.problems('publish:github:pull-request', pr)).toEqual([]);
    expect(pr).toMatchObject({
      repoUrl: 'github.com?owner=acme&repo=platform-access',
      branchName: 'onboard/ada-l',
      title: 'Onboard Ada Lovelace (developer, payments)',
      description: expect.stringContaining('Onboards **Ada Lovelace**'),
      sourcePath: 'access',
    });
    // The double's files are in the checkout the pull request step commits.
    expect([...r.files.keys()]).toEqual(
      expect.arrayContaining([
        'access/README.md',
        'access/catalog/users/Ada-L.yaml',
        'access/argocd/policy.payments.csv',
      ]),
    );

    const [register] = loggedInputs(r, 'catalog:register');
    expect(schemas.problems('catalog:register', register)).toEqual([]);
    expect(register).toEqual({
      catalogInfoUrl:
        'https://github.com/acme/platform-access/blob/main/catalog/users/Ada-L.yaml',
      optional: true,
    });

    const [notify] = loggedInputs(r, 'notification:send');
    expect(schemas.problems('notification:send', notify)).toEqual([]);
    expect(notify).toMatchObject({
      recipients: 'entity',
      entityRefs: ['user:default/maria', 'group:default/payments'],
      title: 'Ada Lovelace starts on 2026-12-01',
      info: 'Access as developer in dev, staging is ready for review.',
    });
    expect(r.body.output.links.map((l: any) => l.title)).toEqual([
      'Access pull request',
      'Their catalog page (after merge)',
    ]);
    expect(r.body.output.links[1].entityRef).toBe('user:default/Ada-L');
  });

  it('onboards without a manager: only the team is told', async () => {
    const { manager, ...rest } = onboarding;
    const r = await dryRun(backend.server, 'employee-onboarding', rest);
    expect(r.status).toBe(200);
    expect(state.calls[0].input).not.toHaveProperty('manager');
    expect(loggedInputs(r, 'notification:send')[0].entityRefs).toEqual([
      'group:default/payments',
    ]);
  });

  it('refuses a GitHub login GitHub would not accept, before any step runs', async () => {
    const r = await dryRun(backend.server, 'employee-onboarding', {
      ...onboarding,
      githubLogin: '-bad--login',
    });
    expect(r.status).toBe(400);
    expect(state.calls).toEqual([]);
  });

  it('offboards: reads the person from the catalog and hands persona:offboard (test double) who they are', async () => {
    const r = await dryRun(backend.server, 'employee-offboarding', {
      user: 'user:default/jdoe',
      lastDay: '2026-12-31',
      reason: 'security',
      accessRepoUrl: 'github.com?owner=acme&repo=platform-access',
    });
    expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
    expect(state.calls.map(c => [c.action, c.input])).toEqual([
      [
        'persona:offboard',
        {
          person: {
            name: 'Jane Doe',
            email: 'jane@example.com',
            githubLogin: 'jdoe-gh',
          },
          persona: 'developer',
          team: 'group:default/payments',
          endDate: '2026-12-31',
          outputDir: 'access',
        },
      ],
    ]);
    const [pr] = loggedInputs(r, 'publish:github:pull-request');
    expect(schemas.problems('publish:github:pull-request', pr)).toEqual([]);
    expect(pr).toMatchObject({
      branchName: 'offboard/jdoe',
      sourcePath: 'access',
      filesToDelete: ['catalog/users/jdoe-gh.yaml'],
    });
    const [notify] = loggedInputs(r, 'notification:send');
    expect(schemas.problems('notification:send', notify)).toEqual([]);
    expect(notify).toMatchObject({
      severity: 'high',
      entityRefs: ['group:default/payments'],
    });
  });
});
