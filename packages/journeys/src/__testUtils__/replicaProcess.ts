import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { Knex } from 'knex';
import type { JsonObject } from '@backstage/types';

interface ReplicaProcess {
  url: string;
  /** SIGKILL, as a crashed node or an OOM kill ends a replica. */
  kill(): Promise<void>;
}

/**
 * Starts the test portal's backend (replica.ts) in a child process, with
 * TypeScript loaded as `backstage-cli package start` loads it.
 */
export function startReplica(options: {
  config: JsonObject;
  databases: Record<string, Knex.Config>;
  timeoutMs?: number;
}): Promise<ReplicaProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      path.join(__dirname, 'replica.ts'),
      JSON.stringify({ config: options.config, databases: options.databases }),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The replica did not start in time:\n${stderr}`));
    }, options.timeoutMs ?? 180_000);
    let stdout = '';
    child.stdout!.on('data', chunk => {
      // Keep reading (a full pipe would stall the child), keep little.
      stdout = (stdout + chunk).slice(-20_000);
      const line = stdout.split('\n').find(l => l.startsWith('{"port"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${JSON.parse(line).port}`,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(`The replica exited (${code}) before it started:\n${stderr}`),
      );
    });
  });
}
