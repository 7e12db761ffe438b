import { CustomErrorBase } from '@backstage/errors';
import { StopReason, stopReason } from '../run/stopper';

/** The step was cancelled or timed out while Terraform ran. */
export class RunStoppedError extends CustomErrorBase {
  constructor(message: string, readonly reason: StopReason) {
    super(message);
    this.name = reason === 'cancelled' ? 'CancelledError' : 'TimeoutError';
  }
}

/**
 * The error of a run its stop signal ended: what stopped it, then
 * `effect`, what the executor knows that stop left behind.
 */
export function runStoppedError(
  stop: AbortSignal,
  effect: string,
): RunStoppedError {
  const reason = stopReason(stop);
  const what = reason === 'timeout' ? 'timed out' : 'was cancelled';
  return new RunStoppedError(`The run ${what}. ${effect}`, reason);
}

/** A Terraform command exited non-zero; the message carries its last lines. */
export class TerraformCommandError extends CustomErrorBase {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'TerraformCommandError';
  }
}
