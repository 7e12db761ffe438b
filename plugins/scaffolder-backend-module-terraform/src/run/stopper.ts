export type StopReason = 'cancelled' | 'timeout';

/** Why a RunStopper's signal fired. */
export function stopReason(signal: AbortSignal): StopReason {
  return (signal.reason as StopReason) ?? 'cancelled';
}

/**
 * One signal that tells the executor to stop Terraform: aborted with
 * 'cancelled' when the task is cancelled, with 'timeout' when the step
 * outlives its time limit.
 */
export class RunStopper {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  private readonly onCancel = () => this.stop('cancelled');

  constructor(private readonly taskSignal: AbortSignal | undefined) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts listening for cancellation and the clock. */
  start(timeoutMinutes: number) {
    if (this.taskSignal?.aborted) this.onCancel();
    this.taskSignal?.addEventListener('abort', this.onCancel, { once: true });
    this.timer = setTimeout(
      () => this.stop('timeout'),
      timeoutMinutes * 60_000,
    );
    // A pending timer must not keep the backend process alive.
    this.timer.unref?.();
  }

  private stop(reason: StopReason) {
    this.controller.abort(reason);
  }

  dispose() {
    clearTimeout(this.timer);
    this.taskSignal?.removeEventListener('abort', this.onCancel);
  }
}
