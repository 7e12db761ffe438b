import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { budgetLevel, type CellVerdict, type HealthLevel } from './assess';
import { formatPercent } from './format';
import {
  deliveryVerdict,
  infrastructureVerdict,
} from '../components/PortfolioPage/PortfolioTable';

/** One environment of an entity, as the portfolio reports it, judged. */
export interface RowAssessment {
  row: OverviewRow;
  level: HealthLevel;
  /** Why the level is not `healthy`, most serious first. */
  reasons: string[];
}

/** One entity with its environments, worst first. */
export interface EntityAttention {
  entityRef: string;
  title?: string;
  level: HealthLevel;
  environments: RowAssessment[];
}

/** What needs attention first: failing, then at risk, then no data, then healthy. */
const ATTENTION_RANK: Record<HealthLevel, number> = {
  failing: 0,
  'at-risk': 1,
  unknown: 2,
  healthy: 3,
};

function budgetVerdict(row: OverviewRow): CellVerdict | undefined {
  if (row.budgetUsed === null) return undefined;
  const used = formatPercent(row.budgetUsed);
  const level = budgetLevel(row.budgetUsed);
  if (level === 'failing') {
    return { level, label: 'Over budget', reason: `Over budget (${used})` };
  }
  if (level === 'warning') {
    return { level, label: 'Near budget', reason: `Near budget (${used})` };
  }
  return { level: 'ok', label: `Within budget (${used})` };
}

function complianceVerdict(row: OverviewRow): CellVerdict | undefined {
  const { critical, high, medium, low } = row.failed;
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .filter(([, n]) => n > 0)
      .map(([severity, n]) => `${n} ${severity}`)
      .join(', ');
  if (critical + high > 0) {
    const label = `${counts({ critical, high })} findings failing`;
    return { level: 'failing', label, reason: label };
  }
  if (medium + low > 0) {
    const label = `${counts({ medium, low })} findings failing`;
    return { level: 'warning', label, reason: label };
  }
  return row.complianceScore === null
    ? undefined
    : { level: 'ok', label: 'No failing findings' };
}

/**
 * One portfolio row's overall level, by the same rules as the entity page's
 * `assessEnvironment`: failing when delivery is degraded or missing, the last
 * infrastructure run failed or was blocked, cost is over budget or a critical
 * or high finding fails; at risk on a warning, a failed collection or stale
 * data; unknown when nothing reported; healthy otherwise.
 */
export function assessRow(
  row: OverviewRow,
  options: { now: number; staleAfterMs: number },
): RowAssessment {
  const verdicts = [
    deliveryVerdict(row),
    infrastructureVerdict(row),
    budgetVerdict(row),
    complianceVerdict(row),
  ].filter((v): v is CellVerdict => v !== undefined);
  const reasons = [
    ...verdicts.filter(v => v.level === 'failing'),
    ...verdicts.filter(v => v.level === 'error'),
    ...verdicts.filter(v => v.level === 'warning'),
  ].flatMap(v => (v.reason ? [v.reason] : []));
  const stale =
    row.asOf !== null &&
    options.now - Date.parse(row.asOf) > options.staleAfterMs;
  if (stale) reasons.push('Data is stale');

  let level: HealthLevel;
  if (verdicts.some(v => v.level === 'failing')) level = 'failing';
  else if (
    stale ||
    verdicts.some(v => v.level === 'warning' || v.level === 'error')
  )
    level = 'at-risk';
  else if (verdicts.some(v => v.level === 'ok')) level = 'healthy';
  else level = 'unknown';
  if (level === 'unknown') reasons.push('No source has reported yet');
  return { row, level, reasons };
}

/**
 * Groups portfolio rows by entity and orders what needs attention first:
 * entities by their worst environment (then by name), and within an entity
 * the worst environment first, the later stage first on a tie, because a
 * problem in prod matters more than the same one in dev.
 */
export function byAttention(
  rows: readonly OverviewRow[],
  options: {
    now: number;
    staleAfterMs: number;
    /** Configured position of an environment (dev 0, staging 1, prod 2). */
    environmentOrder: (name: string) => number;
  },
): EntityAttention[] {
  const entities = new Map<string, EntityAttention>();
  for (const row of rows) {
    const assessed = assessRow(row, options);
    const entity = entities.get(row.entityRef) ?? {
      entityRef: row.entityRef,
      title: row.title,
      level: assessed.level,
      environments: [],
    };
    entity.environments.push(assessed);
    if (ATTENTION_RANK[assessed.level] < ATTENTION_RANK[entity.level]) {
      entity.level = assessed.level;
    }
    entities.set(row.entityRef, entity);
  }
  const result = [...entities.values()];
  for (const entity of result) {
    entity.environments.sort(
      (a, b) =>
        ATTENTION_RANK[a.level] - ATTENTION_RANK[b.level] ||
        options.environmentOrder(b.row.environment) -
          options.environmentOrder(a.row.environment),
    );
  }
  return result.sort(
    (a, b) =>
      ATTENTION_RANK[a.level] - ATTENTION_RANK[b.level] ||
      (a.title ?? a.entityRef).localeCompare(b.title ?? b.entityRef),
  );
}

/** Whether an environment belongs in the "needs attention" count. */
export function needsAttention(a: { level: HealthLevel }): boolean {
  return a.level === 'failing' || a.level === 'at-risk';
}
