// Starting and stopping the portal's own commands from tests: each runs in its own
// process group, so stopping it also stops the back end and the dev server it forked.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
mkdirSync(RESULTS, { recursive: true });

/** Runs a command to completion; resolves with its exit code and combined output. */
export function run(command, args, options = {}) {
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    const timer = setTimeout(
      () => child.kill('SIGKILL'),
      options.timeoutMs ?? 120_000,
    );
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Starts a long-running command in its own process group, logging to test-results. */
export function start(name, command, args, options = {}) {
  const log = createWriteStream(path.join(RESULTS, `${name}.log`));
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = d => {
    log.write(d);
    output = (output + d).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise(resolve =>
    child.on('exit', code => resolve(code)),
  );
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timeout = new Promise(r => setTimeout(r, 15_000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      log.end();
    },
  };
}

/** Polls a URL until it answers with one of the statuses, or the process exits, or time runs out. */
export async function waitForUrl(
  url,
  { proc, timeoutMs = 240_000, statuses = [200], headers } = {},
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (
      proc &&
      (proc.child.exitCode !== null || proc.child.signalCode !== null)
    ) {
      throw new Error(
        `The process exited (${
          proc.child.exitCode ?? proc.child.signalCode
        }) before ${url} answered:\n${proc.output().slice(-4000)}`,
      );
    }
    try {
      const res = await fetch(url, {
        headers,
        signal: AbortSignal.timeout(5000),
      });
      if (statuses.includes(res.status)) return res;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${url} did not answer within ${timeoutMs / 1000} s (last: ${last})${
      proc ? `:\n${proc.output().slice(-4000)}` : ''
    }`,
  );
}

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts TCP connections on host:port. */
export function answers(host, port) {
  return new Promise(resolve => {
    const socket = net.connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Waits until a started process prints a line matching `pattern`; resolves with the line. */
export async function waitForOutput(
  proc,
  pattern,
  { timeoutMs = 60_000 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const line = proc
      .output()
      .split('\n')
      .find(l => pattern.test(l));
    if (line) return line;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(
        `The process exited (${
          proc.child.exitCode ?? proc.child.signalCode
        }) before printing ${pattern}:\n${proc.output().slice(-4000)}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `No line matching ${pattern} within ${timeoutMs / 1000} s:\n${proc
      .output()
      .slice(-4000)}`,
  );
}

/**
 * `npm start` (scripts/start.sh) on free ports, with extra config files layered on top;
 * resolves once the back end is ready and the front end answers.
 */
export async function startPortal({ name = 'portal', configs = [] } = {}) {
  // Other ports than the defaults, so a portal a developer left running does not interfere.
  const backendPort = await freePort();
  const frontendPort = await freePort();
  const appUrl = `http://localhost:${frontendPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  const proc = start(
    name,
    'bash',
    ['scripts/start.sh', ...configs.flatMap(file => ['--config', file])],
    {
      env: {
        BACKEND_PORT: String(backendPort),
        FRONTEND_PORT: String(frontendPort),
        BROWSER: 'none',
      },
    },
  );
  try {
    await waitForUrl(`${backendUrl}/.backstage/health/v1/readiness`, { proc });
    await waitForUrl(appUrl, { proc });
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { proc, appUrl, backendUrl, stop: () => proc.stop() };
}
