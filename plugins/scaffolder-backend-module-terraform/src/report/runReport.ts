import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import type { Severity } from '@groundwork/governance';
import type {
  InfrastructureRunReport,
  InfrastructureRunResult,
} from '@groundwork/plugin-platform-status-common';
import type { PlatformStatusService } from '@groundwork/plugin-platform-status-node';
import { RunStoppedError } from '../executors/errors';
import { GateBlockedError } from '../gate/decision';
import type { GateDecision } from '../gate/gate';
import type { TaskLog } from '../run/lines';
import type { Redactor } from '../run/redact';
import { complianceOf, costOf, reportedFindingsOf } from './fromGovernance';

/**
 * What a run had learnt when it ended, however it ended: a run that fails
 * half way is reported with what it knew by then.
 */
interface RunFacts {
  /** As given until it parses, then in its canonical form. */
  entityRef: string;
  result: InfrastructureRunResult;
  message?: string;
  /** The environment's threshold, or the policy's once it was known. */
  threshold: Severity;
  decision?: GateDecision;
  runUrl?: string;
}

/** The result of a run that threw. */
export function resultOfError(e: unknown): InfrastructureRunResult {
  if (e instanceof RunStoppedError) {
    return e.reason === 'cancelled' ? 'cancelled' : 'failed';
  }
  return e instanceof GateBlockedError ? 'blocked' : 'failed';
}

export function infrastructureRunReport(
  facts: RunFacts,
  run: {
    environment: string;
    runId: string;
    tool: 'terraform' | 'tofu';
    executor: 'cli' | 'hcp';
    startedAt: string;
    finishedAt: string;
    taskUrl?: string;
  },
): InfrastructureRunReport {
  const d = facts.decision;
  const g = d?.governance;
  const runUrl = facts.runUrl;
  return {
    entityRef: facts.entityRef,
    environment: run.environment,
    runId: run.runId,
    tool: run.tool,
    executor: run.executor,
    result: facts.result,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    ...(facts.message && { message: facts.message }),
    ...(runUrl && { runUrl }),
    ...(run.taskUrl && { taskUrl: run.taskUrl }),
    summary: d?.summary ?? { add: 0, change: 0, destroy: 0, replace: 0 },
    resourceCount: d?.resourceCount ?? 0,
    findings: g ? reportedFindingsOf(g) : [],
    compliance: g
      ? complianceOf(g)
      : {
          // No plan, so nothing was evaluated: never report that as passing.
          score: 0,
          failed: { critical: 0, high: 0, medium: 0, low: 0 },
          waived: 0,
          warned: 0,
          unknown: 0,
          passed: 0,
          threshold: facts.threshold,
          blocking: false,
        },
    ...(g && { cost: costOf(g) }),
  };
}

/**
 * Sends the report, redacted, on behalf of the person who started the task
 * (platform status accepts runs from the scaffolder acting for someone); a
 * failure to send is a warning, never the step's failure.
 */
export async function sendReport(
  platformStatus: PlatformStatusService,
  log: TaskLog,
  redactor: Redactor,
  report: InfrastructureRunReport,
  onBehalfOf: BackstageCredentials,
) {
  try {
    await platformStatus.reportInfrastructureRun(redactor.redactValue(report), {
      signal: AbortSignal.timeout(15_000),
      onBehalfOf,
    });
  } catch (e) {
    // The infrastructure is what it is now: a reporting failure must not
    // turn a successful apply into a failed step.
    log.warn(
      `Could not report this run to platform status (${stringifyError(
        e,
      )}); the run itself ${
        report.result === 'applied' ? 'succeeded' : `ended as ${report.result}`
      }. The entity page will show the previous run until the next report.`,
    );
  }
}
