#!/usr/bin/env node
/*
 * pnpm bench:status: seeds 10,000 entities x 3 environments x 30 findings
 * and 50 Argo CD syncs
 * on SQLite and on PostgreSQL, starts a real backend on each (bench/server.ts,
 * in its own process), and loads it with autocannon from this process:
 *
 *   entity    GET /api/platform-status/entities/component/default/{random}
 *   overview  GET /api/platform-status/overview?limit=50&sort=cost
 *   rollup    GET /api/platform-status/rollup?owner=group:default/team-{random}
 *             (one of 40 groups: 250 entities x 3 environments each)
 *   history   GET .../entities/component/default/{random}/environments/prod/deployments
 *             (50 syncs; the seed writes GW_BENCH_HISTORY per environment)
 *   baseline  GET /api/platform-status/health (no auth, no database), 5 s:
 *             what the machine gives any route of this backend at the time
 *
 * The JSON line's entityToHealth is the entity route's requests/s over the
 * baseline's on PostgreSQL, both from this run (target: at least 0.5); the
 * baseline is measured before and after the other routes, and averaged.
 *
 * entityToHealthCpu is the same ratio from the backend process's CPU time
 * per request (/proc, Linux): /health's over the entity route's. Other work
 * on a shared machine moves req/s a lot and CPU per request little.
 *
 * 50 connections for 20 s each, as a signed-in guest user whose catalog read
 * permission is conditional. Both routes get the same warm-up. Prints a
 * table, then one JSON line.
 *
 * GW_BENCH_ENTITIES, GW_BENCH_SECONDS, GW_BENCH_CONNECTIONS,
 * GW_BENCH_DATABASES (postgres,sqlite) and GW_BENCH_ROUTES (baseline,entity,
 * overview,rollup: fewer when profiling one route) change the defaults. The route
 * `revalidate` (not in the default list) loads the entity route as a browser
 * that has the page does: If-None-Match with its tag, for 2,000 entities;
 * every answer must be a 304.
 */
// Not an export of the package (Backstage's build takes every export for a
// mount point): reached through the package's folder.
const governanceTsRegister = require('node:path').join(
  require('node:path').dirname(
    require.resolve('@groundwork/governance/package.json'),
  ),
  'bin/ts-register.js',
);

require(governanceTsRegister);
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const knexFactory = require('knex');
const { seed, entityName, benchEnvironmentsConfig } = require('./seed.ts');

const ENTITIES = Number(process.env.GW_BENCH_ENTITIES || 10000);
const SECONDS = Number(process.env.GW_BENCH_SECONDS || 20);
const CONNECTIONS = Number(process.env.GW_BENCH_CONNECTIONS || 50);
const DATABASES = (process.env.GW_BENCH_DATABASES || 'postgres,sqlite').split(
  ',',
);
const ROUTES = (
  process.env.GW_BENCH_ROUTES || 'baseline,entity,overview,rollup,history'
).split(',');
const PG = process.env.GW_BENCH_PG || 'postgresql://postgres@127.0.0.1:5432';
const PORT = 7321;
// USER_HZ: the unit of /proc/<pid>/stat's times, 100 on Linux.
const CLOCK_TICKS = 100;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-bench-status-'));

function databaseConfig(kind) {
  return kind === 'postgres'
    ? { client: 'pg', connection: PG, prefix: 'gw_bench_' }
    : {
        client: 'better-sqlite3',
        connection: { directory: path.join(work, 'sqlite') },
      };
}

async function pluginKnex(kind) {
  if (kind === 'sqlite') {
    fs.mkdirSync(path.join(work, 'sqlite'), { recursive: true });
    return knexFactory({
      client: 'better-sqlite3',
      connection: {
        filename: path.join(work, 'sqlite', 'platform-status.sqlite'),
      },
      useNullAsDefault: true,
    });
  }
  const admin = knexFactory({ client: 'pg', connection: PG });
  await admin.raw('DROP DATABASE IF EXISTS "gw_bench_platform-status"');
  await admin.raw('CREATE DATABASE "gw_bench_platform-status"');
  await admin.destroy();
  return knexFactory({
    client: 'pg',
    connection: `${PG}/gw_bench_platform-status`,
  });
}

function writeConfig(kind) {
  const file = path.join(work, `app-config.${kind}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({
      ...benchEnvironmentsConfig,
      app: { baseUrl: 'http://127.0.0.1:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${PORT}`,
        listen: { port: PORT, host: '127.0.0.1' },
        database: databaseConfig(kind),
      },
      auth: { environment: 'development', providers: { guest: {} } },
      permission: { enabled: true },
      platformStatus: {
        // The bench seeds the mirror itself; no catalog runs here.
        catalogSync: {
          schedule: {
            frequency: { hours: 24 },
            timeout: { minutes: 5 },
            initialDelay: { hours: 24 },
          },
        },
      },
    }),
  );
  return file;
}

function startServer(configFile) {
  const child = spawn(
    process.execPath,
    [
      '-r',
      governanceTsRegister,
      path.join(__dirname, 'server.ts'),
      '--config',
      configFile,
    ],
    {
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  return { child, output: () => output };
}

async function waitForToken(server) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(
        `http://127.0.0.1:${PORT}/api/auth/guest/refresh?env=development`,
        {
          headers: { 'x-requested-with': 'XMLHttpRequest' },
        },
      );
      if (res.ok) return (await res.json()).backstageIdentity.token;
    } catch {
      // not listening yet
    }
    if (
      server.child.exitCode !== null ||
      server.output().includes('Backend startup failed')
    ) {
      throw new Error(`backend did not start:\n${server.output()}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`backend did not start:\n${server.output()}`);
}

/**
 * CPU time (user + system, ms) the backend's process has used so far, from
 * /proc on Linux; undefined elsewhere. Unlike req/s, CPU per request hardly
 * moves with what other work on the machine takes from the backend.
 */
function processCpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function load(title, { expect304, serverPid, ...options }) {
  const cpuBefore = processCpuMs(serverPid);
  return new Promise((resolve, reject) => {
    autocannon(
      { connections: CONNECTIONS, duration: SECONDS, ...options },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  }).then(result => {
    const unexpected = expect304
      ? result.requests.total - result['3xx']
      : result.non2xx;
    const non2xx = unexpected + result.errors + result.timeouts;
    if (non2xx > 0)
      console.warn(
        `${title}: ${non2xx} failed requests of ${result.requests.total}`,
      );
    const cpuAfter = processCpuMs(serverPid);
    return {
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      rps: Math.round(result.requests.average),
      requests: result.requests.total,
      failed: non2xx,
      serverCpuMsPerReq:
        cpuBefore === undefined || cpuAfter === undefined
          ? undefined
          : Math.round(
              ((cpuAfter - cpuBefore) / result.requests.total) * 1000,
            ) / 1000,
    };
  });
}

async function benchOne(kind) {
  const knex = await pluginKnex(kind);
  await seed(knex, ENTITIES, line => console.log(`[${kind}] ${line}`));
  if (kind === 'postgres') {
    // Writes the seed's pages now, not while the first route is measured.
    await knex.raw('CHECKPOINT').catch(() => {});
  }
  await knex.destroy();
  const server = startServer(writeConfig(kind));
  try {
    const token = await waitForToken(server);
    const headers = { authorization: `Bearer ${token}` };
    const base = `http://127.0.0.1:${PORT}/api/platform-status`;
    const check = await fetch(
      `${base}/entities/component/default/${entityName(1)}`,
      { headers },
    );
    if (!check.ok)
      throw new Error(
        `entity route answered ${check.status}: ${await check.text()}`,
      );
    const body = await check.json();
    if (
      body.environments.length !== 3 ||
      body.environments[2].compliance.findings.length !== 30
    ) {
      throw new Error('the seeded status is not what the bench expects');
    }
    const entityPath = () =>
      `/api/platform-status/entities/component/default/${entityName(
        Math.floor(Math.random() * ENTITIES),
      )}`;
    // Warm-up: JIT, connection pools, token and permission caches. /health
    // too: the baseline is measured first, and a cold route would lower it.
    await load('warm-up', { url: `${base}/health`, duration: 3 });
    await load('warm-up', {
      url: base,
      headers,
      duration: 3,
      requests: [
        { method: 'GET', setupRequest: r => ({ ...r, path: entityPath() }) },
      ],
    });
    // What this machine gives a trivial route of the same backend right now.
    const routes = {
      baseline: { url: `${base}/health`, duration: 5 },
      entity: {
        url: base,
        headers,
        requests: [
          { method: 'GET', setupRequest: r => ({ ...r, path: entityPath() }) },
        ],
      },
      overview: { url: `${base}/overview?limit=50&sort=cost`, headers },
      rollup: {
        url: base,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: r => ({
              ...r,
              path: `/api/platform-status/rollup?owner=${encodeURIComponent(
                `group:default/team-${Math.floor(Math.random() * 40)}`,
              )}`,
            }),
          },
        ],
      },
      // An environment's deployment history (50 syncs), as the tab opens it.
      history: {
        url: base,
        headers,
        requests: [
          {
            method: 'GET',
            setupRequest: r => ({
              ...r,
              path: `${entityPath()}/environments/prod/deployments`,
            }),
          },
        ],
      },
    };
    if (ROUTES.includes('revalidate')) {
      // A browser that has the page: If-None-Match with the tag it was given.
      const names = Array.from({ length: Math.min(ENTITIES, 2000) }, (_, i) =>
        entityName(i),
      );
      const tags = new Map();
      for (let i = 0; i < names.length; i += 50) {
        await Promise.all(
          names.slice(i, i + 50).map(async name => {
            const res = await fetch(
              `${base}/entities/component/default/${name}`,
              { headers },
            );
            await res.arrayBuffer();
            tags.set(name, res.headers.get('etag'));
          }),
        );
      }
      routes.revalidate = {
        url: base,
        expect304: true,
        requests: [
          {
            method: 'GET',
            setupRequest: r => {
              const name = names[Math.floor(Math.random() * names.length)];
              return {
                ...r,
                path: `/api/platform-status/entities/component/default/${name}`,
                headers: { ...headers, 'if-none-match': tags.get(name) },
              };
            },
          },
        ],
      };
    }
    const measured = {};
    const serverPid = server.child.pid;
    for (const route of ROUTES) {
      measured[route] = await load(`${kind} ${route}`, {
        ...routes[route],
        serverPid,
      });
    }
    if (measured.baseline && ROUTES.length > 1) {
      // Other sessions load a shared machine unevenly: the baseline is taken
      // before and after the routes, and the ratio uses their mean.
      measured.baselineAfter = await load(`${kind} baseline after`, {
        ...routes.baseline,
        serverPid,
      });
    }
    return measured;
  } finally {
    server.child.kill('SIGTERM');
    await new Promise(r => server.child.once('exit', r));
  }
}

async function main() {
  const load1 = os.loadavg()[0];
  const results = {};
  for (const kind of DATABASES) results[kind] = await benchOne(kind);
  const rows = [];
  for (const [kind, r] of Object.entries(results)) {
    for (const route of Object.keys(r)) {
      rows.push({ database: kind, route, ...r[route] });
    }
  }
  console.log(
    `\nplatform-status bench: ${ENTITIES} entities x 3 environments x 30 findings and ${
      process.env.GW_BENCH_HISTORY ?? 50
    } syncs, ${CONNECTIONS} connections, ${SECONDS} s per route`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, load average before ${load1.toFixed(
      2,
    )}, after ${os.loadavg()[0].toFixed(2)}`,
  );
  console.table(rows);
  const pg = results.postgres;
  if (pg?.entity && pg?.overview) {
    const verdict = (ok, what) => `${ok ? 'MET' : 'MISSED'} ${what}`;
    console.log(
      verdict(
        pg.entity.p99Ms <= 25,
        `entity p99 <= 25 ms (${pg.entity.p99Ms} ms)`,
      ),
    );
    console.log(
      verdict(pg.entity.rps >= 1000, `entity >= 1000 rps (${pg.entity.rps})`),
    );
    console.log(
      verdict(
        pg.overview.p99Ms <= 100,
        `overview p99 <= 100 ms (${pg.overview.p99Ms} ms)`,
      ),
    );
    if (pg.rollup) {
      console.log(
        verdict(
          pg.rollup.p99Ms <= 100,
          `group rollup p99 <= 100 ms (${pg.rollup.p99Ms} ms)`,
        ),
      );
    }
  }
  // The entity route against what the same backend gives /health in the same
  // run: a figure that holds when the machine is busier or quieter.
  const healthRps = pg?.baseline
    ? Math.round((pg.baseline.rps + (pg.baselineAfter ?? pg.baseline).rps) / 2)
    : undefined;
  const entityToHealth =
    pg?.entity && healthRps
      ? Math.round((pg.entity.rps / healthRps) * 100) / 100
      : undefined;
  if (entityToHealth !== undefined) {
    console.log(
      `${entityToHealth >= 0.5 ? 'MET' : 'MISSED'} entity / health >= 0.5 (${
        pg.entity.rps
      } / ${healthRps} rps = ${entityToHealth})`,
    );
  }
  const figures = r => ({ p50Ms: r.p50Ms, p99Ms: r.p99Ms, rps: r.rps });
  const json = { bench: 'status' };
  for (const [kind, r] of Object.entries(results)) {
    json[kind] = {};
    for (const route of ROUTES.filter(name => name !== 'baseline')) {
      json[kind][route] = figures(r[route]);
    }
  }
  if (entityToHealth !== undefined) json.entityToHealth = entityToHealth;
  // The same ratio from the backend's CPU time per request: how much more
  // an entity request costs than a /health request, whatever else runs.
  const cpu = [pg?.baseline, pg?.baselineAfter ?? pg?.baseline].map(
    r => r?.serverCpuMsPerReq,
  );
  if (pg?.entity?.serverCpuMsPerReq && cpu.every(c => c !== undefined)) {
    const healthCpu = (cpu[0] + cpu[1]) / 2;
    json.entityToHealthCpu =
      Math.round((healthCpu / pg.entity.serverCpuMsPerReq) * 100) / 100;
    console.log(
      `backend CPU per request: /health ${healthCpu.toFixed(3)} ms, entity ${
        pg.entity.serverCpuMsPerReq
      } ms (entityToHealthCpu ${json.entityToHealthCpu})`,
    );
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify(json));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
