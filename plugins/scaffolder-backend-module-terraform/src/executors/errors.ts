import { CustomErrorBase } from '@backstage/errors';

/** The step was cancelled or timed out while Terraform ran. */
export class RunStoppedError extends CustomErrorBase {
  constructor(message: string, readonly reason: 'cancelled' | 'timeout') {
    super(message);
    this.name = reason === 'cancelled' ? 'CancelledError' : 'TimeoutError';
  }
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
