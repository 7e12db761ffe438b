import { sleep } from '@groundwork/plugin-groundwork-node';

export { sleep };

/**
 * Asks `attempt` until it has a value, at most `tries` times, waiting
 * 500 ms longer after each miss (at most `maxDelayMs`): for what HCP
 * Terraform makes available shortly after a run moves on. Undefined when
 * every try missed, or once `signal` aborts.
 */
export async function pollFor<T>(
  options: { tries: number; maxDelayMs: number; signal?: AbortSignal },
  attempt: () => Promise<T | undefined>,
): Promise<T | undefined> {
  for (let i = 0; i < options.tries; i++) {
    const value = await attempt();
    if (value !== undefined) return value;
    await sleep(Math.min(500 * (i + 1), options.maxDelayMs), options.signal);
    if (options.signal?.aborted) return undefined;
  }
  return undefined;
}
