// The production configuration against the PostgreSQL server on this machine: the real
// back end, started by `npm run start:production`, must answer catalog queries from
// databases it created on PostgreSQL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import {
  ROOT,
  answers,
  freePort,
  start,
  waitForUrl,
} from './lib/processes.mjs';

const { Client } = createRequire(`${ROOT}/packages/backend/package.json`)('pg');
const PG = {
  host: process.env.POSTGRES_HOST ?? '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT ?? 5432),
  user: process.env.POSTGRES_USER ?? 'postgres',
};

describe(
  'production configuration on PostgreSQL',
  { timeout: 300_000 },
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
    let backend;
    let baseUrl;

    before(async () => {
      const port = await freePort();
      baseUrl = `http://localhost:${port}`;
      backend = start(
        'production-backend',
        'bash',
        ['scripts/start-production.sh'],
        {
          env: {
            APP_BASE_URL: baseUrl,
            BACKEND_LISTEN_PORT: String(port),
            BACKEND_SECRET: randomBytes(24).toString('hex'),
            BACKSTAGE_API_TOKEN: token,
            POSTGRES_HOST: PG.host,
            POSTGRES_PORT: String(PG.port),
            POSTGRES_USER: PG.user,
            POSTGRES_DATABASE_PREFIX: prefix,
            AUTH_GITHUB_CLIENT_ID: 'e2e-client-id',
            AUTH_GITHUB_CLIENT_SECRET: 'e2e-client-secret',
          },
        },
      );
      await waitForUrl(`${baseUrl}/.backstage/health/v1/readiness`, {
        proc: backend,
        timeoutMs: 180_000,
      });
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

    it('answers catalog queries for the demo components', async () => {
      const deadline = Date.now() + 90_000;
      let names = [];
      // The catalog ingests the demo locations asynchronously after start.
      while (Date.now() < deadline) {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?filter=kind=component&fields=metadata.name`,
          {
            headers: { authorization: `Bearer ${token}` },
          },
        );
        assert.equal(res.status, 200, `catalog answered ${res.status}`);
        names = (await res.json()).items.map(e => e.metadata.name);
        if (names.length >= 5) break;
        await new Promise(r => setTimeout(r, 2000));
      }
      assert.deepEqual(names.sort(), [
        'checkout-web',
        'experiments-worker',
        'ledger-service',
        'payments-api',
        'recommendations-api',
      ]);
    });

    it('refuses calls without a token', async () => {
      const res = await fetch(`${baseUrl}/api/catalog/entities/by-query`);
      assert.equal(res.status, 401);
    });

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
  },
);
