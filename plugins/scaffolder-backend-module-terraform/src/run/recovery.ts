import type { JsonObject, JsonValue } from '@backstage/types';
import type { Checkpoint } from '../executors/types';
import type { TaskLog } from './lines';

/** What a run returns, stored by ctx.checkpoint so a recovered task can reuse it. */
export interface RunOutcome {
  [key: string]: JsonValue | undefined;
  attemptId: string;
  finishedAt: string;
  result: 'applied' | 'planned';
  outputs: JsonObject;
}

/** A checkpoint key part from an environment and a working directory. */
export function checkpointKey(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/**
 * Runs `runOnce` at most once for this step, even when the task is
 * recovered: an attempt that applied returns its stored outcome; one that
 * did not finish plans again, since its saved plan may be stale. The keys
 * must stay as they are for tasks recovered across an upgrade.
 */
export async function onceAcrossRecovery(
  options: {
    checkpoint: Checkpoint;
    runKey: string;
    attemptId: string;
    startedAt: Date;
    log: TaskLog;
  },
  runOnce: () => Promise<RunOutcome>,
): Promise<RunOutcome> {
  const { checkpoint, runKey, attemptId, log } = options;
  const attempt = await checkpoint({
    key: `terraform.attempt.${runKey}`,
    fn: async () => ({
      attemptId,
      startedAt: options.startedAt.toISOString(),
    }),
  });
  const outcome = (await checkpoint({
    key: `terraform.apply.${runKey}`,
    fn: async () => {
      if (attempt?.attemptId !== attemptId) {
        log.warn(
          `An earlier attempt of this step started at ${attempt?.startedAt} and did not finish (the task was recovered). Its saved plan is never reused: planning again against the current state.`,
        );
      }
      return runOnce();
    },
  })) as RunOutcome;
  if (outcome.attemptId !== attemptId) {
    log.info(
      `This step already applied its plan at ${outcome.finishedAt} (the task was recovered); it is not applied again.`,
    );
  }
  return outcome;
}
