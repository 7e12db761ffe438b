import { spawn } from 'node:child_process';
import { LineSplitter } from './lines';

export interface ProcessStats {
  /** Wall time spent in child processes, for the benchmark's overhead figure. */
  childMs: number;
  runs: number;
}

interface RunProcessOptions {
  binary: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Stops the process: SIGINT, then SIGKILL after `graceMs`. */
  stop?: AbortSignal;
  graceMs: number;
  /** Each output line (not yet redacted); stdout too unless captured. */
  onLine(line: string, truncated: boolean, stream: 'stdout' | 'stderr'): void;
  /** Collects stdout as bytes instead (`show -json`), refusing more than maxBytes. */
  captureStdout?: { maxBytes: number };
  stats?: ProcessStats;
  /** Called once SIGINT was sent, and again with `killed` after SIGKILL. */
  onStopping?(stage: 'interrupted' | 'killed'): void;
}

interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** SIGINT was sent (cancellation or timeout). */
  interrupted: boolean;
  /** SIGKILL was needed: the grace period ran out. */
  killed: boolean;
  stdout?: Buffer;
  /** Captured stdout went over its limit and the process was stopped. */
  overflow?: boolean;
}

/** The binary was not found or could not be started. */
export class SpawnError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SpawnError';
  }
}

/**
 * Runs one Terraform command: no shell, arguments as an array, its own
 * process group (so SIGINT reaches it as Ctrl-C would, providers
 * included), output streamed line by line.
 */
export function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (options.stop?.aborted) {
      resolve({
        exitCode: null,
        signal: null,
        interrupted: true,
        killed: false,
      });
      return;
    }
    const child = spawn(options.binary, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      detached: true,
      windowsHide: true,
    });
    let interrupted = false;
    let killed = false;
    let overflow = false;
    let killTimer: NodeJS.Timeout | undefined;
    const chunks: Buffer[] = [];
    let captured = 0;

    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const interrupt = () => {
      if (interrupted) return;
      interrupted = true;
      signalGroup('SIGINT');
      options.onStopping?.('interrupted');
      killTimer = setTimeout(() => {
        killed = true;
        signalGroup('SIGKILL');
        options.onStopping?.('killed');
      }, options.graceMs);
    };
    options.stop?.addEventListener('abort', interrupt, { once: true });

    const stderr = new LineSplitter((line, truncated) =>
      options.onLine(line, truncated, 'stderr'),
    );
    child.stderr.on('data', (chunk: Buffer) => stderr.write(chunk));
    if (options.captureStdout) {
      const { maxBytes } = options.captureStdout;
      child.stdout.on('data', (chunk: Buffer) => {
        captured += chunk.length;
        if (captured > maxBytes) {
          if (!overflow) {
            overflow = true;
            chunks.length = 0;
            signalGroup('SIGKILL');
          }
          return;
        }
        chunks.push(chunk);
      });
    } else {
      const stdout = new LineSplitter((line, truncated) =>
        options.onLine(line, truncated, 'stdout'),
      );
      child.stdout.on('data', (chunk: Buffer) => stdout.write(chunk));
      child.stdout.on('end', () => stdout.end());
    }
    child.stderr.on('end', () => stderr.end());

    child.on('error', (error: NodeJS.ErrnoException) => {
      options.stop?.removeEventListener('abort', interrupt);
      clearTimeout(killTimer);
      reject(
        new SpawnError(
          error.code === 'ENOENT'
            ? `${options.binary} was not found`
            : `${options.binary} could not be started: ${error.message}`,
          error.code,
        ),
      );
    });
    child.on('close', (exitCode, signal) => {
      options.stop?.removeEventListener('abort', interrupt);
      clearTimeout(killTimer);
      if (options.stats) {
        options.stats.childMs += Date.now() - started;
        options.stats.runs++;
      }
      resolve({
        exitCode,
        signal,
        interrupted,
        killed,
        stdout: options.captureStdout ? Buffer.concat(chunks) : undefined,
        overflow,
      });
    });
  });
}
