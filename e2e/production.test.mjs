// The production start (`npm run start:production`) against the PostgreSQL server on this
// machine: the built backend bundle with NODE_ENV=production, serving the built app, as the
// image runs it. What an outsider tries first must fail: a guest token, the demo catalog,
// the API without signing in, the automation token beyond reading. The first start builds
// (several minutes on 2 cores); the last test restarts and proves the build is cached.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CHROMIUM, launchBrowser, screenshotPath } from './lib/browser.mjs';
import {
  RESULTS,
  ROOT,
  answers,
  freePort,
  start,
  waitForUrl,
} from './lib/processes.mjs';

const require = createRequire(`${ROOT}/packages/backend/package.json`);
const { Client } = require('pg');
const YAML = createRequire(`${ROOT}/package.json`)('yaml');

const PG = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
};
// A cold start builds the app and the backend bundle first.
const FIRST_START_MS = 1_500_000;
const WARM_START_MS = 180_000;

/** The names of every entity the demo catalog in examples/ declares. */
function demoEntityNames() {
  return readdirSync(path.join(ROOT, 'examples'))
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      YAML.parseAllDocuments(
        readFileSync(path.join(ROOT, 'examples', f), 'utf8'),
      )
        .map(d => d.toJSON())
        .filter(e => e?.metadata?.name)
        .map(e => `${e.kind}:${e.metadata.name}`.toLowerCase()),
    );
}

/** The software templates under templates/, by name. */
function templateNames() {
  return readdirSync(path.join(ROOT, 'templates'))
    .filter(d => existsSync(path.join(ROOT, 'templates', d, 'template.yaml')))
    .map(
      d =>
        YAML.parse(
          readFileSync(
            path.join(ROOT, 'templates', d, 'template.yaml'),
            'utf8',
          ),
        ).metadata.name,
    )
    .sort();
}

/** Everything a started command printed (its output() keeps only the last part). */
const logOf = name => readFileSync(path.join(RESULTS, `${name}.log`), 'utf8');

/** A well-formed infrastructure run report, as terraform:apply posts one. */
function forgedReport() {
  const now = new Date().toISOString();
  return {
    entityRef: 'component:default/payments-api',
    environment: 'prod',
    runId: `forged-${randomBytes(4).toString('hex')}`,
    tool: 'terraform',
    executor: 'cli',
    result: 'applied',
    startedAt: now,
    finishedAt: now,
    summary: { add: 0, change: 0, destroy: 0, replace: 0 },
    resourceCount: 0,
    findings: [],
    compliance: {
      score: 100,
      failed: { critical: 0, high: 0, medium: 0, low: 0 },
      waived: 0,
      warned: 0,
      unknown: 0,
      passed: 0,
      threshold: 'high',
      blocking: false,
    },
  };
}

describe(
  'production start on PostgreSQL',
  { timeout: FIRST_START_MS + WARM_START_MS + 600_000 },
  async () => {
    if (!(await answers(PG.host, PG.port))) {
      it(
        'needs a PostgreSQL server',
        { skip: `no PostgreSQL on ${PG.host}:${PG.port}` },
        () => {},
      );
      return;
    }
    // A prefix of our own keeps this run's databases apart from anyone else's, and lets us drop them.
    const prefix = `gw_e2e_${randomBytes(3).toString('hex')}_`;
    const token = randomBytes(24).toString('hex');
    const automation = { authorization: `Bearer ${token}` };
    let port;
    let baseUrl;
    let backend;
    let firstStartSeconds;

    function startProduction(name) {
      return start(name, 'bash', ['scripts/start-production.sh'], {
        env: {
          APP_BASE_URL: baseUrl,
          BACKEND_LISTEN_PORT: String(port),
          BACKSTAGE_API_TOKEN: token,
          POSTGRES_HOST: PG.host,
          POSTGRES_PORT: String(PG.port),
          POSTGRES_USER: PG.user,
          POSTGRES_DATABASE_PREFIX: prefix,
          AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
          AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
          GROUNDWORK_ADMIN_GROUP: 'group:default/e2e-admins',
          GROUNDWORK_APPROVER_GROUP: 'group:default/e2e-approvers',
          // What a developer's shell may carry must not change what production loads.
          NODE_ENV: 'development',
        },
      });
    }

    before(async () => {
      port = await freePort();
      baseUrl = `http://localhost:${port}`;
      const started = Date.now();
      backend = startProduction('production-backend');
      await waitForUrl(`${baseUrl}/.backstage/health/v1/readiness`, {
        proc: backend,
        timeoutMs: FIRST_START_MS,
      });
      firstStartSeconds = Math.round((Date.now() - started) / 1000);
    });

    after(async () => {
      await backend?.stop();
      const client = new Client({ ...PG, database: 'postgres' });
      await client.connect();
      const { rows } = await client.query(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      for (const { datname } of rows)
        await client.query(`drop database if exists "${datname}" with (force)`);
      await client.end();
    });

    it('says at start what it loaded: GitHub sign-in, the templates, the groups from the environment', async t => {
      t.diagnostic(`first start answered after ${firstStartSeconds} s`);
      const lines = logOf('production-backend')
        .split('\n')
        .filter(l => l.includes('Groundwork portal ('));
      assert.equal(lines.length, 1, 'one start line');
      const { message } = JSON.parse(lines[0]);
      assert.equal(
        message,
        'Groundwork portal (NODE_ENV=production): sign-in providers: github; ' +
          'catalog locations: file ./templates/*/template.yaml; ' +
          'permission policy groups: administrators group:default/e2e-admins, ' +
          'approvers group:default/e2e-approvers, production group:default/e2e-admins.',
      );
    });

    it('hands out no guest token', async () => {
      for (const env of ['production', 'development']) {
        const res = await fetch(
          `${baseUrl}/api/auth/guest/refresh?env=${env}`,
          { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
        );
        const body = await res.json();
        assert.equal(res.status, 404, JSON.stringify(body));
        assert.equal(body.backstageIdentity, undefined);
        assert.match(body.error.message, /Unknown auth provider 'guest'/);
      }
    });

    it('requires sign-in for the API', async () => {
      const catalog = await fetch(`${baseUrl}/api/catalog/entities/by-query`);
      assert.equal(catalog.status, 401);
      const task = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ templateRef: 'template:default/new-service' }),
      });
      assert.equal(task.status, 401);
    });

    it('loads the templates and nothing of examples/', async () => {
      const expected = templateNames();
      const deadline = Date.now() + 120_000;
      let entities = [];
      // The catalog ingests its locations asynchronously after start.
      while (Date.now() < deadline) {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?fields=kind,metadata.name&limit=500`,
          { headers: automation },
        );
        assert.equal(res.status, 200, `catalog answered ${res.status}`);
        entities = (await res.json()).items;
        if (
          entities.filter(e => e.kind === 'Template').length >= expected.length
        )
          break;
        await new Promise(r => setTimeout(r, 2000));
      }
      assert.deepEqual(
        entities
          .filter(e => e.kind === 'Template')
          .map(e => e.metadata.name)
          .sort(),
        expected,
      );
      // Only the templates and the locations they came from.
      assert.deepEqual([...new Set(entities.map(e => e.kind))].sort(), [
        'Location',
        'Template',
      ]);
      const demo = new Set(demoEntityNames());
      assert.ok(
        demo.has('group:platform'),
        'examples/ declares group platform',
      );
      const loaded = entities.filter(e =>
        demo.has(`${e.kind}:${e.metadata.name}`.toLowerCase()),
      );
      assert.deepEqual(loaded, []);
    });

    it('keeps the automation token to reading: no templates run, no catalog changes', async () => {
      const read = await fetch(
        `${baseUrl}/api/catalog/entities/by-query?filter=kind=template&fields=metadata.name`,
        { headers: automation },
      );
      assert.equal(read.status, 200);
      const status = await fetch(`${baseUrl}/api/platform-status/overview`, {
        headers: automation,
      });
      assert.equal(status.status, 200);

      const task = await fetch(`${baseUrl}/api/scaffolder/v2/tasks`, {
        method: 'POST',
        headers: { ...automation, 'content-type': 'application/json' },
        body: JSON.stringify({
          templateRef: 'template:default/new-service',
          values: {},
        }),
      });
      assert.equal(task.status, 403);
      assert.match(
        (await task.json()).error.message,
        /restricted to plugin\(s\) 'catalog', 'platform-status'/,
      );
      const location = await fetch(`${baseUrl}/api/catalog/locations`, {
        method: 'POST',
        headers: { ...automation, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'url',
          target: 'https://github.com/evil/org/blob/main/org.yaml',
        }),
      });
      assert.equal(location.status, 403);
    });

    it('refuses a run report from the automation token', async () => {
      const res = await fetch(
        `${baseUrl}/api/platform-status/reports/infrastructure`,
        {
          method: 'POST',
          headers: { ...automation, 'content-type': 'application/json' },
          body: JSON.stringify(forgedReport()),
        },
      );
      assert.equal(res.status, 403, await res.text());
    });

    it(
      'shows a GitHub sign-in and no guest entry in Chromium',
      { skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}` },
      async () => {
        const browser = await launchBrowser();
        try {
          const page = await browser.newPage();
          await page.goto(baseUrl);
          await page.getByText('GitHub', { exact: true }).waitFor();
          await page
            .getByRole('button', { name: /sign in/i })
            .first()
            .waitFor();
          await page.screenshot({ path: screenshotPath('production-sign-in') });
          assert.equal(await page.getByText(/guest/i).count(), 0);
          assert.equal(
            await page.getByRole('button', { name: /enter/i }).count(),
            0,
          );
          // The app is the production build: its config came from the backend, with GitHub only.
          const injected = await page
            .locator('script[type="backstage.io/config"]')
            .textContent();
          assert.match(injected, /"providers":\s*\[\s*"github"\s*\]/);
          assert.doesNotMatch(injected, /guest/);
        } finally {
          await browser.close();
        }
      },
    );

    it('keeps each plugin in its own PostgreSQL database', async () => {
      const client = new Client({ ...PG, database: 'postgres' });
      await client.connect();
      const { rows } = await client.query(
        'select datname from pg_database where datname like $1',
        [`${prefix}%`],
      );
      await client.end();
      const databases = rows.map(r => r.datname);
      for (const plugin of ['catalog', 'scaffolder', 'auth']) {
        assert.ok(
          databases.includes(`${prefix}${plugin}`),
          `expected database ${prefix}${plugin}, saw ${databases.join(', ')}`,
        );
      }
    });

    it('starts again without rebuilding when no source changed', async t => {
      await backend.stop();
      const started = Date.now();
      backend = startProduction('production-backend-warm');
      await waitForUrl(`${baseUrl}/.backstage/health/v1/readiness`, {
        proc: backend,
        timeoutMs: WARM_START_MS,
      });
      t.diagnostic(
        `second start answered after ${Math.round(
          (Date.now() - started) / 1000,
        )} s`,
      );
      const output = logOf('production-backend-warm');
      assert.match(output, /Build cached: no source changed/);
      assert.match(output, /Deployment cached/);
      assert.doesNotMatch(
        output,
        /pnpm build:backend|backstage-cli package build/,
      );
    });
  },
);
