import type { InfrastructureRunReport } from '@groundwork/plugin-platform-status-common';
import type { SnapshotChanges, StoredSnapshot } from '../store/StatusStore';
import { sortFindings } from './findingsOrder';
import { estimateOf } from './forecast';
import { runTrend } from './trend';
import type { InfrastructureData } from './types';

/**
 * What recording a run writes. A report with a known run id replaces that
 * run; a run that finished before the stored one goes to history only.
 */
export function infrastructureRunChanges(
  existing: StoredSnapshot | undefined,
  report: InfrastructureRunReport,
  options: { trendPoints: number; recordedAt: string },
): SnapshotChanges {
  const previous: InfrastructureData | undefined = existing
    ? JSON.parse(existing.data)
    : undefined;
  const replacesSame = previous?.run.runId === report.runId;
  const isOlder =
    previous && !replacesSame && previous.run.finishedAt > report.finishedAt;

  const { entityRef, environment, findings, compliance, cost, ...run } = report;
  // A run that stopped before planning says nothing about compliance or
  // cost: the last evaluated run keeps standing.
  const evaluation = cost
    ? {
        runId: report.runId,
        result: report.result,
        finishedAt: report.finishedAt,
        compliance,
        cost,
      }
    : undefined;
  const key = { entityRef, environment, source: 'infrastructure' as const };

  const changes: SnapshotChanges = { writes: [], history: [], deletes: [] };
  if (!isOlder) {
    const data: InfrastructureData = {
      run,
      evaluation: evaluation ?? previous?.evaluation,
      trend: [],
    };
    data.trend = runTrend(
      previous?.trend ?? [],
      {
        replaces: replacesSame ? previous?.run.finishedAt : undefined,
        point: evaluation && {
          at: report.finishedAt,
          estimatedMonthly: estimateOf(data) ?? undefined,
        },
      },
      options.trendPoints,
    );
    changes.writes.push({
      ...key,
      asOf: report.finishedAt,
      origin: report.executor,
      runId: report.runId,
      data: JSON.stringify(data),
      findings: evaluation
        ? JSON.stringify(sortFindings(findings))
        : existing?.findings ?? null,
    });
  }
  changes.history.push({
    ...key,
    asOf: report.finishedAt,
    point: {
      runId: report.runId,
      result: report.result,
      recordedAt: options.recordedAt,
      score: evaluation?.compliance.score,
      estimatedMonthly: evaluation
        ? estimateOf({ run, evaluation, trend: [] })
        : undefined,
    },
  });
  return changes;
}
