import type { ExecutorKind, TerraformConfig } from '../config';
import { CliExecutor } from './cli/CliExecutor';
import { HcpExecutor } from './hcp/HcpExecutor';
import type { Executor, RunRequest } from './types';

/** The executor of one run; throws an InputError when its settings are missing. */
export function createExecutor(
  kind: ExecutorKind,
  terraform: TerraformConfig,
  request: RunRequest,
  /** The environment Terraform's allow-list is taken from (cli). */
  processEnv?: NodeJS.ProcessEnv,
): Executor {
  return kind === 'hcp'
    ? new HcpExecutor(terraform.hcp, request, terraform.timeouts.cancelGraceMs)
    : new CliExecutor(terraform, request, processEnv);
}
