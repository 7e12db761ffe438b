import { setTimeout as delay } from 'node:timers/promises';

/** How long to wait before a retry. */
interface BackoffOptions {
  /** The wait before the first retry, before jitter; it doubles each retry. */
  baseMs: number;
  /** The longest wait, `retryAfterMs` included. @default no bound */
  maxMs?: number;
  /**
   * The share of the doubled base that is waited, drawn uniformly: full
   * jitter (0 to 1) spreads clients the most; 0.5 to 1.5 keeps the mean.
   * @default { min: 0, max: 1 }
   */
  jitter?: { min: number; max: number };
  /** What the server asked for (`Retry-After`): the wait is at least this. */
  retryAfterMs?: number;
}

/**
 * The wait before retry number `attempt + 1` (attempt 0 is the first
 * failure): exponential, jittered so that replicas and steps started
 * together do not retry in step, never shorter than the server asked.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { min, max } = options.jitter ?? { min: 0, max: 1 };
  const share = min + Math.random() * (max - min);
  const jittered = options.baseMs * 2 ** attempt * share;
  return Math.min(
    Math.max(jittered, options.retryAfterMs ?? 0),
    options.maxMs ?? Infinity,
  );
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export async function abortableSleep(
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  }
}
