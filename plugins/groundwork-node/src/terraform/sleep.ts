import { setTimeout as delay } from 'node:timers/promises';

/**
 * Waits `ms`, or less when `signal` aborts meanwhile; resolves either way,
 * so that callers decide what an abort means (they check `signal.aborted`).
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
