import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import type { Entity } from '@backstage/catalog-model';
import { readExpiry } from '@groundwork/plugin-groundwork-common';
import { actionInputValidator } from './__testUtils__/actionSchemas';
import { createDoubleState } from './__testUtils__/pendingActions';
import {
  DryRunResult,
  dryRun,
  servedTrees,
  startScaffolder,
  TEST_CONFIG,
} from './__testUtils__/scaffolder';
import { ENTITIES } from './testing/catalog';
import { cloudOf } from './testing/cloud';

jest.setTimeout(180_000);

/**
 * Preview services through the real scaffolder's dry run: new-service with
 * a time to live (the real groundwork:expiry:stamp, the real rendering),
 * promote-service refusing one (the real groundwork:promotion:resolve), and
 * service-teardown on one (the real groundwork:expiry:check, fetch:plain
 * and groundwork:catalog:unregister, whose dry runs change nothing;
 * terraform:apply and argocd:delete-app are TEST DOUBLES that record their
 * inputs). The actions run for real in their own packages' tests.
 */

const PREVIEW = {
  name: 'ledger-preview',
  description: 'Tries the ledger',
  owner: 'group:default/payments',
  language: 'go',
  costCenter: 'cc-1042',
  environments: ['dev'],
  ttlHours: 24,
  exposure: 'internal',
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: true,
  repoUrl: 'github.com?owner=acme&repo=ledger-preview',
};

const componentOf = (r: DryRunResult) =>
  yaml
    .parseAllDocuments(r.files.get('catalog-info.yaml')!)
    .map(d => d.toJS() as Entity)
    .find(e => e.kind === 'Component')!;

const LOCATION =
  'url:https://github.com/acme/ledger-preview/blob/main/catalog-info.yaml';

/** The preview as the catalog holds it once registered, expiring at `expiresAt`. */
const registered = (component: Entity, expiresAt: string): Entity => ({
  ...component,
  metadata: {
    ...component.metadata,
    namespace: 'default',
    annotations: {
      ...component.metadata.annotations,
      'groundwork.dev/expires-at': expiresAt,
      'backstage.io/managed-by-location': LOCATION,
      'backstage.io/managed-by-origin-location': LOCATION,
    },
  },
});

describe('preview services', () => {
  const state = createDoubleState(cloudOf);
  let backend: Awaited<ReturnType<typeof startScaffolder>>;

  afterEach(async () => {
    await backend?.stop();
  });

  describe('new-service with a time to live', () => {
    beforeEach(async () => {
      backend = await startScaffolder(state);
    });

    it("renders groundwork.dev/expires-at from the portal's clock, and registers as before", async () => {
      const before = Date.now();
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'new-service', PREVIEW);
      expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      const component = componentOf(r);
      const expiry = readExpiry(component);
      expect(expiry.kind).toBe('expires');
      const at = (expiry as { expiresAt: Date }).expiresAt.getTime();
      // Seconds precision: the stamp drops the milliseconds of its clock.
      expect(at).toBeGreaterThanOrEqual(
        Math.floor(before / 1000) * 1000 + 24 * 3_600_000,
      );
      expect(at).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
      expect(component.metadata.annotations).toMatchObject({
        'groundwork.dev/environments': 'dev',
      });
      // The repository's README tells the team what happens, and when.
      expect(r.files.get('README.md')).toContain(
        `**A preview.** At ${
          component.metadata.annotations!['groundwork.dev/expires-at']
        } (UTC) the portal destroys`,
      );
      // The register step is unchanged: the repository's catalog-info.yaml.
      expect(r.log.join('\n')).toContain('expires at ');
      expect(r.log.some(l => l.includes('catalog:register'))).toBe(true);
      expect(state.calls.map(c => [c.action, c.input.environment])).toEqual([
        ['terraform:apply', 'dev'],
        ['argocd:create-app', 'dev'],
      ]);
    });

    it('renders no expiry without a time to live', async () => {
      const { ttlHours: _, ...stays } = PREVIEW;
      const r = await dryRun(backend.server, 'new-service', stays);
      expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      expect(readExpiry(componentOf(r))).toEqual({ kind: 'none' });
      expect(r.files.get('catalog-info.yaml')).not.toContain('expires-at');
      expect(r.files.get('README.md')).not.toContain('**A preview.**');
    });

    it('refuses a production first environment before anything is made', async () => {
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'new-service', {
        ...PREVIEW,
        environments: ['prod'],
      });
      expect(JSON.stringify(r.body)).toContain(
        'prod is a production environment, and a preview with a time to live never runs in production',
      );
      expect(r.files.size).toBe(0);
      expect(state.calls).toEqual([]);
    });

    it('refuses a second environment (a preview is never promoted)', async () => {
      const r = await dryRun(backend.server, 'new-service', {
        ...PREVIEW,
        environments: ['dev', 'prod'],
      });
      expect(JSON.stringify(r.body)).toContain(
        'A preview runs in one environment only',
      );
      expect(r.files.size).toBe(0);
    });

    it('refuses a time to live above groundwork.previews.maxTtlHours', async () => {
      await backend.stop();
      backend = await startScaffolder(state, {
        config: {
          groundwork: {
            ...TEST_CONFIG.groundwork,
            previews: { maxTtlHours: 72 },
          },
        },
      });
      const r = await dryRun(backend.server, 'new-service', {
        ...PREVIEW,
        ttlHours: 168,
      });
      expect(JSON.stringify(r.body)).toContain(
        'A time to live of 168 hours is longer than the portal allows (72, groundwork.previews.maxTtlHours).',
      );
      expect(r.files.size).toBe(0);
    });

    it('refuses a time to live the form does not offer', async () => {
      const r = await dryRun(backend.server, 'new-service', {
        ...PREVIEW,
        ttlHours: 100000,
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body)).toContain('ttlHours');
    });
  });

  describe('promote-service', () => {
    it('refuses a preview, and says what to do instead', async () => {
      const bootstrap = await startScaffolder(state);
      const rendered = await dryRun(bootstrap.server, 'new-service', {
        ...PREVIEW,
      });
      await bootstrap.stop();
      const component = componentOf(rendered);
      // A preview someone gave staging too, by hand.
      component.metadata.annotations!['groundwork.dev/environments'] =
        'dev,staging';
      backend = await startScaffolder(state, {
        entities: [...ENTITIES, component],
      });
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'promote-service', {
        component: 'component:default/ledger-preview',
        environment: 'staging',
      });
      expect(JSON.stringify(r.body)).toContain(
        'component:default/ledger-preview is a preview service (groundwork.dev/expires-at: ',
      );
      expect(JSON.stringify(r.body)).toContain(
        'To keep the service, create it again with New service without a time to live and promote that one',
      );
      expect(state.calls).toEqual([]);
    });
  });

  describe('service-teardown', () => {
    let component: Entity;
    let dir: string;

    beforeAll(async () => {
      const bootstrap = await startScaffolder(state);
      const rendered = await dryRun(bootstrap.server, 'new-service', PREVIEW);
      await bootstrap.stop();
      component = componentOf(rendered);
      // The repository as GitHub would serve it: infra/envs/dev on main.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teardown-'));
      for (const [f, text] of rendered.files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), text);
      }
      servedTrees.set(
        'https://github.com/acme/ledger-preview/tree/main/infra/envs/dev',
        path.join(dir, 'infra', 'envs', 'dev'),
      );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('runs check, fetch, terraform destroy, Argo CD delete and unregister, in order', async () => {
      backend = await startScaffolder(state, {
        entities: [...ENTITIES, registered(component, '2026-01-01T00:00:00Z')],
      });
      const schemas = await actionInputValidator(backend.server);
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'service-teardown', {
        entityRef: 'component:default/ledger-preview',
      });
      expect([r.status, r.body?.error?.message]).toEqual([200, undefined]);
      expect(r.body.steps.map((s: any) => s.id)).toEqual([
        'check',
        'fetch-infra',
        'terraform',
        'argocd',
        'unregister',
      ]);
      const log = r.log.join('\n');
      const order = [
        'component:default/ledger-preview (owner group:default/payments) expired at 2026-01-01T00:00:00Z',
        'Running terraform:apply',
        'Running argocd:delete-app',
        `Dry run: would remove the catalog location ${LOCATION}`,
      ].map(s => log.indexOf(s));
      expect(order.every(i => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(state.calls.map(c => [c.action, c.input])).toEqual([
        [
          'terraform:apply',
          {
            workingDirectory: './infra/envs/dev',
            entityRef: 'component:default/ledger-preview',
            environment: 'dev',
            destroy: true,
            planOnly: false,
            executor: 'cli',
          },
        ],
        [
          'argocd:delete-app',
          expect.objectContaining({
            name: 'ledger-preview-dev',
            project: 'payments-dev',
            entityRef: 'component:default/ledger-preview',
            environment: 'dev',
          }),
        ],
      ]);
      for (const c of state.calls) {
        expect(schemas.problems(c.action, c.input)).toEqual([]);
      }
      // The state key is New service's: the same entity and environment.
      expect(r.files.has('infra/envs/dev/main.tf')).toBe(true);
    });

    it.each([
      ['an entityRef that is not one', '../../etc/passwd'],
      ['a template expression', '${{ secrets.token }}'],
      ['another kind', 'group:default/payments'],
      ['a line break', 'component:default/ledger-preview\nx'],
    ])('refuses %s before any step runs', async (_what, entityRef) => {
      backend = await startScaffolder(state, {
        entities: [...ENTITIES, registered(component, '2026-01-01T00:00:00Z')],
      });
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'service-teardown', {
        entityRef,
      });
      expect(r.status).not.toBe(200);
      expect(JSON.stringify(r.body)).toContain('entityRef');
      expect(state.calls).toEqual([]);
    });

    it('stops at the check for a preview that has not expired, when the person does not own it', async () => {
      backend = await startScaffolder(state, {
        entities: [...ENTITIES, registered(component, '2999-01-01T00:00:00Z')],
        deny: ['groundwork.entity.change'],
      });
      state.calls.length = 0;
      const r = await dryRun(backend.server, 'service-teardown', {
        entityRef: 'component:default/ledger-preview',
      });
      expect(JSON.stringify(r.body)).toContain(
        'it expires at 2999-01-01T00:00:00Z, which has not passed',
      );
      expect(state.calls).toEqual([]);
    });
  });
});
