// What a newcomer sees when something around the portal is wrong: each case must end
// with a sentence that says what to do, and a non-zero exit, not a stack trace.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort, run } from './lib/processes.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'groundwork-bad-input-'));

function noStackTrace(output) {
  assert.doesNotMatch(
    output,
    /^\s+at .+:\d+:\d+\)?$/m,
    `expected no stack trace in:\n${output}`,
  );
}

describe('bad input around the portal', { timeout: 300_000 }, () => {
  it('names a busy port and how to use another', async () => {
    const server = net.createServer();
    await new Promise(r => server.listen(0, r));
    const { port } = server.address();
    try {
      const { code, output } = await run('bash', ['scripts/start.sh'], {
        env: { BACKEND_PORT: String(port) },
      });
      assert.equal(code, 1);
      assert.match(
        output,
        new RegExp(`Port ${port} \\(backend\\) is already in use`),
      );
      assert.match(output, /BACKEND_PORT=\d+ FRONTEND_PORT=\d+ npm start/);
      noStackTrace(output);
    } finally {
      server.close();
    }
  });

  it('names a malformed config key and the file to fix', async () => {
    const file = path.join(tmp, 'malformed.yaml');
    writeFileSync(file, 'catalog:\n  locations: not-a-list\n');
    const { code, output } = await run('bash', [
      'scripts/start.sh',
      '--config',
      file,
    ]);
    assert.equal(code, 1);
    assert.match(output, /The configuration is not valid/);
    assert.match(output, /must be array .* at \/catalog\/locations/);
    assert.match(output, /Fix the key named above in .*malformed\.yaml/);
    noStackTrace(output);
  });

  it('names a misspelt config key', async () => {
    const file = path.join(tmp, 'misspelt.yaml');
    writeFileSync(file, 'scaffolder:\n  defaultAuthr:\n    name: x\n');
    const { code, output } = await run('bash', [
      'scripts/start.sh',
      '--config',
      file,
    ]);
    assert.equal(code, 1);
    assert.match(output, /additionalProperty=defaultAuthr .* at \/scaffolder/);
  });

  it('lists every missing production variable at once', async () => {
    const env = Object.fromEntries(
      [
        'APP_BASE_URL',
        'BACKSTAGE_API_TOKEN',
        'POSTGRES_HOST',
        'POSTGRES_PORT',
        'POSTGRES_USER',
        'AUTH_GITHUB_CLIENT_ID',
        'AUTH_GITHUB_CLIENT_SECRET',
        'GROUNDWORK_ADMIN_GROUP',
        'GROUNDWORK_APPROVER_GROUP',
      ].map(k => [k, '']),
    );
    const { code, output } = await run(
      'bash',
      ['scripts/start-production.sh'],
      { env },
    );
    assert.equal(code, 1);
    for (const name of Object.keys(env))
      assert.match(output, new RegExp(`  ${name}: `));
    assert.match(
      output,
      /Set them \(app-config.production.yaml lists what each one is for\)/,
    );
  });

  /** Every variable the production start requires, set to something it accepts. */
  const productionEnv = async () => ({
    APP_BASE_URL: 'http://localhost:7999',
    BACKEND_LISTEN_PORT: String(await freePort()),
    BACKSTAGE_API_TOKEN: 'y'.repeat(24),
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(await freePort()),
    POSTGRES_USER: 'postgres',
    AUTH_GITHUB_CLIENT_ID: 'id',
    AUTH_GITHUB_CLIENT_SECRET: 'secret',
    GROUNDWORK_ADMIN_GROUP: 'group:default/platform-admins',
    GROUNDWORK_APPROVER_GROUP: 'group:default/security',
  });

  it('says what to do when PostgreSQL does not answer', async () => {
    const env = await productionEnv();
    const deadPort = env.POSTGRES_PORT;
    const { code, output } = await run(
      'bash',
      ['scripts/start-production.sh'],
      { env },
    );
    assert.equal(code, 1);
    assert.match(
      output,
      new RegExp(
        `PostgreSQL at 127\\.0\\.0\\.1:${deadPort} \\(user postgres\\) does not answer: nothing listens on that port \\(ECONNREFUSED\\)`,
      ),
    );
    assert.match(output, /Start the server .*or point POSTGRES_HOST/s);
    noStackTrace(output);
  });

  it('refuses a guessable automation token before it starts anything', async () => {
    const { code, output } = await run(
      'bash',
      ['scripts/start-production.sh'],
      { env: { ...(await productionEnv()), BACKSTAGE_API_TOKEN: 'hunter2' } },
    );
    assert.equal(code, 1);
    assert.match(
      output,
      /BACKSTAGE_API_TOKEN must be 24 or more characters without spaces \(it is 7\)/,
    );
    assert.match(
      output,
      /export BACKSTAGE_API_TOKEN=\$\(openssl rand -hex 24\)/,
    );
    // The value itself is never printed.
    assert.doesNotMatch(output, /hunter2/);
    noStackTrace(output);
  });

  it('names a group variable that is not a Group entity ref', async () => {
    const { code, output } = await run(
      'bash',
      ['scripts/start-production.sh'],
      {
        env: {
          ...(await productionEnv()),
          GROUNDWORK_APPROVER_GROUP: 'security team',
        },
      },
    );
    assert.equal(code, 1);
    assert.match(
      output,
      /GROUNDWORK_APPROVER_GROUP="security team" is not a Group entity ref/,
    );
    assert.match(output, /group:<namespace>\/<name>/);
    noStackTrace(output);
  });

  it('says what to do when a supported Node cannot be provisioned', async () => {
    // A machine whose node is 20 and whose registry cannot be reached.
    const bin = path.join(tmp, 'bin');
    const tools = path.join(tmp, 'tools');
    await run('mkdir', ['-p', bin, tools]);
    const realNode = realpathSync('/usr/bin/node');
    const npmCli = realpathSync('/usr/bin/npm');
    writeFileSync(path.join(bin, 'node'), '#!/bin/sh\necho 20\n');
    writeFileSync(
      path.join(bin, 'npm'),
      `#!/bin/sh\nexec "${realNode}" "${npmCli}" "$@"\n`,
    );
    chmodSync(path.join(bin, 'node'), 0o755);
    chmodSync(path.join(bin, 'npm'), 0o755);
    const { code, output } = await run('bash', ['scripts/start.sh'], {
      env: {
        PATH: `${bin}:/usr/bin:/bin`,
        GROUNDWORK_TOOLS_DIR: tools,
        GROUNDWORK_NODE_VERSION: '22.23.3',
        npm_config_registry: `http://127.0.0.1:${await freePort()}/`,
        npm_config_fetch_retries: '0',
      },
    });
    assert.equal(code, 1);
    assert.match(output, /Node 20 found; Backstage needs 22 or 24/);
    assert.match(output, /Could not provision Node 22\.23\.3/);
    assert.match(
      output,
      /Check that the npm registry is reachable \(npm ping\)/,
    );
    noStackTrace(output);
  });
});
