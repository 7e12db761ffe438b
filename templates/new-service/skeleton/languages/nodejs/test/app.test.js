import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from '../src/app.js';

async function start(ready) {
  const { server, state } = createServer({ ready });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { base, state, close: () => new Promise(resolve => server.close(resolve)) };
}

test('/health answers 200 while the process runs', async () => {
  const s = await start(false);
  const res = await fetch(`${s.base}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
  await s.close();
});

test('/ready follows the readiness state', async () => {
  const s = await start(false);
  assert.equal((await fetch(`${s.base}/ready`)).status, 503);
  s.state.ready = true;
  assert.equal((await fetch(`${s.base}/ready`)).status, 200);
  await s.close();
});

test('unknown paths are 404', async () => {
  const s = await start(true);
  assert.equal((await fetch(`${s.base}/nope`)).status, 404);
  await s.close();
});
