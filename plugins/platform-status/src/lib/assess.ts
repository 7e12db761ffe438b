import type {
  AdmissionStatus,
  ComplianceStatus,
  CostStatus,
  DeliveryStatus,
  DriftStatus,
  EnvironmentStatus,
  InfrastructureStatus,
  Severity,
  SourceState,
  StatusSource,
  Verdict,
} from '@groundwork/plugin-platform-status-common';
import { formatPercent } from './format';

/**
 * What one cell of the environment matrix says. Every level has its own
 * label and icon (see `StatusLabel`), so no meaning rests on colour alone;
 * only `ok` ever reads as passing.
 */
export type CellLevel =
  | 'ok'
  | 'warning'
  | 'failing'
  | 'error'
  | 'not-configured'
  | 'no-data';

export interface CellVerdict {
  level: CellLevel;
  /** Short words for the cell, e.g. `Degraded, OutOfSync`. */
  label: string;
  /** A sentence for the environment summary when the level is not `ok`. */
  reason?: string;
}

/** Budget use at or above this share reads as "near budget". */
const NEAR_BUDGET = 0.8;

const SOURCE_NAMES: Record<StatusSource, string> = {
  delivery: 'Delivery',
  infrastructure: 'Infrastructure',
  cost: 'Cost',
  compliance: 'Compliance',
  admission: 'In-cluster policy',
  drift: 'Drift',
};

export function sourceName(source: StatusSource): string {
  return SOURCE_NAMES[source];
}

function fromState(
  state: Exclude<SourceState, 'ok'>,
  source: StatusSource,
  error?: string,
): CellVerdict {
  switch (state) {
    case 'not-configured':
      return { level: 'not-configured', label: 'Not configured' };
    case 'no-data':
      return { level: 'no-data', label: 'No data yet' };
    default:
      return {
        level: 'error',
        label: 'Collection failed',
        reason: `${sourceName(source)}: ${
          error ?? 'the last collection failed'
        }`,
      };
  }
}

const FAILING_HEALTH = ['Degraded', 'Missing'];

export function assessDelivery(
  delivery: DeliveryStatus,
  error?: string,
): CellVerdict {
  if (delivery.state !== 'ok') {
    return fromState(delivery.state, 'delivery', delivery.error ?? error);
  }
  const health = delivery.healthStatus ?? 'Unknown';
  const sync = delivery.syncStatus ?? 'Unknown';
  const label = `${health}, ${sync}`;
  if (FAILING_HEALTH.includes(health)) {
    return { level: 'failing', label, reason: `Argo CD reports ${health}` };
  }
  if (health !== 'Healthy' || sync !== 'Synced') {
    return { level: 'warning', label, reason: `Argo CD reports ${label}` };
  }
  return { level: 'ok', label };
}

const RESULT_LABELS = {
  applied: 'Applied',
  planned: 'Planned, not applied',
  blocked: 'Blocked by policy',
  failed: 'Run failed',
  cancelled: 'Run cancelled',
} as const;

export function assessInfrastructure(
  infrastructure: InfrastructureStatus,
  error?: string,
): CellVerdict {
  if (infrastructure.state !== 'ok') {
    return fromState(
      infrastructure.state,
      'infrastructure',
      infrastructure.error ?? error,
    );
  }
  const result = infrastructure.result;
  if (!result) return { level: 'no-data', label: 'No data yet' };
  const label = RESULT_LABELS[result];
  if (result === 'blocked' || result === 'failed') {
    return {
      level: 'failing',
      label,
      reason: `The last infrastructure run: ${label.toLocaleLowerCase(
        'en-US',
      )}`,
    };
  }
  if (result === 'cancelled') {
    return {
      level: 'warning',
      label,
      reason: 'The last infrastructure run was cancelled',
    };
  }
  return { level: 'ok', label };
}

/** How a share of the monthly budget reads: over, near or within. */
export function budgetLevel(used: number): 'failing' | 'warning' | 'ok' {
  if (used > 1) return 'failing';
  return used >= NEAR_BUDGET ? 'warning' : 'ok';
}

function assessCost(cost: CostStatus, error?: string): CellVerdict {
  const hasFigure =
    cost.estimatedMonthly !== null || cost.actualMonthToDate !== null;
  if (!hasFigure) {
    // Report the estimate's state first: it is the source every run feeds.
    const state =
      cost.estimateState !== 'ok' ? cost.estimateState : cost.actualState;
    return state === 'ok'
      ? { level: 'no-data', label: 'No data yet' }
      : fromState(state, 'cost', error);
  }
  if (cost.budgetUsed === null) {
    return cost.budgetMonthly === null
      ? { level: 'ok', label: 'No budget set' }
      : { level: 'ok', label: 'Within budget' };
  }
  const used = formatPercent(cost.budgetUsed);
  const level = budgetLevel(cost.budgetUsed);
  if (level === 'failing') {
    return {
      level: 'failing',
      label: `Over budget (${used})`,
      reason: `Over budget: ${used} of the monthly budget`,
    };
  }
  if (level === 'warning') {
    return {
      level: 'warning',
      label: `Near budget (${used})`,
      reason: `Near budget: ${used} of the monthly budget`,
    };
  }
  return { level: 'ok', label: `Within budget (${used})` };
}

function assessCompliance(
  compliance: ComplianceStatus,
  error?: string,
): CellVerdict {
  if (compliance.state !== 'ok') {
    return fromState(compliance.state, 'compliance', error);
  }
  const { critical, high, medium, low } = compliance.failed;
  if (critical + high > 0) {
    const label = describeCounts({ critical, high });
    return {
      level: 'failing',
      label: `${label} failing`,
      reason: `${label} failing`,
    };
  }
  if (medium + low > 0) {
    const label = describeCounts({ medium, low });
    return {
      level: 'warning',
      label: `${label} failing`,
      reason: `${label} failing`,
    };
  }
  return { level: 'ok', label: 'No failing findings' };
}

/**
 * What the environment's cluster says of the running resources (policy
 * reports): failing on a critical or high failure, like plan-time compliance.
 */
export function assessAdmission(
  admission: AdmissionStatus,
  error?: string,
): CellVerdict {
  if (admission.state !== 'ok') {
    return fromState(admission.state, 'admission', admission.error ?? error);
  }
  const { critical, high, medium, low } = admission.failed;
  if (critical + high > 0) {
    const label = `${describeCounts({ critical, high })} failing in cluster`;
    return { level: 'failing', label, reason: label };
  }
  if (medium + low > 0) {
    const label = `${describeCounts({ medium, low })} failing in cluster`;
    return { level: 'warning', label, reason: label };
  }
  return { level: 'ok', label: 'No failing in-cluster findings' };
}

/**
 * Whether the infrastructure drifted from its Terraform state: drifted is
 * failing (someone changed production outside Terraform, and the next apply
 * would undo it), a check that could not tell is a warning, never passing.
 */
export function assessDrift(drift: DriftStatus, error?: string): CellVerdict {
  if (drift.state !== 'ok') return fromState(drift.state, 'drift', error);
  switch (drift.result) {
    case 'in-sync':
      return { level: 'ok', label: 'In sync with Terraform' };
    case 'drifted': {
      const n = drift.resources.length;
      const label = `Drifted: ${n} resource${
        n === 1 ? '' : 's'
      } changed outside Terraform`;
      return { level: 'failing', label, reason: label };
    }
    default:
      return {
        level: 'warning',
        label: 'Drift unknown',
        reason: `Drift unknown: ${drift.reason ?? 'the check could not tell'}`,
      };
  }
}

/** `2 critical, 1 high`, leaving out zero counts. */
function describeCounts(counts: Partial<Record<Severity, number>>) {
  return Object.entries(counts)
    .filter(([, n]) => n && n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
}

export type HealthLevel = 'failing' | 'at-risk' | 'healthy' | 'unknown';

const HEALTH_RANK: Record<HealthLevel, number> = {
  healthy: 0,
  unknown: 1,
  'at-risk': 2,
  failing: 3,
};

interface StaleSource {
  source: StatusSource;
  asOf: string;
}

export interface EnvironmentAssessment {
  environment: EnvironmentStatus;
  level: HealthLevel;
  cells: Record<StatusSource, CellVerdict>;
  /** Why the level is not `healthy`, most serious first. */
  reasons: string[];
  /** True when the environment's oldest data is older than the threshold. */
  stale: boolean;
  /** The sources whose data is older than the threshold. */
  staleSources: StaleSource[];
}

function sourceTimes(env: EnvironmentStatus): StaleSource[] {
  const times: Array<[StatusSource, string | undefined]> = [
    ['delivery', env.delivery.asOf],
    ['infrastructure', env.infrastructure.asOf],
    ['cost', env.cost.estimateAsOf],
    ['cost', env.cost.actualAsOf],
    ['compliance', env.compliance.asOf],
    ['admission', env.compliance.admission.asOf],
  ];
  return times.flatMap(([source, asOf]) => (asOf ? [{ source, asOf }] : []));
}

function isOlder(iso: string, now: number, staleAfterMs: number) {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && now - at > staleAfterMs;
}

/**
 * One environment's overall level: failing when any source fails, at risk
 * on a warning, a failed collection or stale data, unknown when no source has
 * data, healthy only when something reported and nothing above applies.
 */
export function assessEnvironment(
  env: EnvironmentStatus,
  options: { now: number; staleAfterMs: number },
): EnvironmentAssessment {
  const errorOf = (source: StatusSource) =>
    env.errors.find(e => e.source === source)?.message;
  const cells: Record<StatusSource, CellVerdict> = {
    delivery: assessDelivery(env.delivery, errorOf('delivery')),
    infrastructure: assessInfrastructure(
      env.infrastructure,
      errorOf('infrastructure'),
    ),
    cost: assessCost(env.cost, errorOf('cost')),
    compliance: assessCompliance(env.compliance, errorOf('compliance')),
    admission: assessAdmission(env.compliance.admission, errorOf('admission')),
    drift: assessDrift(env.drift, errorOf('drift')),
  };
  const verdicts = Object.values(cells);
  const staleSources = sourceTimes(env).filter(t =>
    isOlder(t.asOf, options.now, options.staleAfterMs),
  );
  const stale =
    (env.asOf !== null &&
      isOlder(env.asOf, options.now, options.staleAfterMs)) ||
    staleSources.length > 0;

  // An error on a source that still shows data (say, billing failed while
  // the estimate is there) does not turn its cell red, but is not hidden.
  const otherErrors = env.errors
    .filter(e => cells[e.source].level !== 'error')
    .map(e => `${sourceName(e.source)}: ${e.message}`);
  const reasons = [
    ...verdicts.filter(v => v.level === 'failing'),
    ...verdicts.filter(v => v.level === 'error'),
    ...verdicts.filter(v => v.level === 'warning'),
  ].flatMap(v => (v.reason ? [v.reason] : []));
  reasons.push(...otherErrors);
  if (stale) reasons.push('Data is stale');

  let level: HealthLevel;
  if (verdicts.some(v => v.level === 'failing')) level = 'failing';
  else if (
    stale ||
    otherErrors.length > 0 ||
    verdicts.some(v => v.level === 'warning' || v.level === 'error')
  )
    level = 'at-risk';
  else if (verdicts.some(v => v.level === 'ok')) level = 'healthy';
  else level = 'unknown';
  if (level === 'unknown') reasons.push('No source has reported yet');

  return { environment: env, level, cells, reasons, stale, staleSources };
}

/** Environments in their configured order (dev before staging before prod). */
export function inConfiguredOrder<T extends { order: number; name: string }>(
  environments: readonly T[],
): T[] {
  return [...environments].sort(
    (a, b) => a.order - b.order || a.name.localeCompare(b.name),
  );
}

/**
 * The environment that needs attention first; on a tie the later stage
 * wins, because a problem in prod matters more than the same one in dev.
 */
export function worstEnvironment(
  assessments: readonly EnvironmentAssessment[],
): EnvironmentAssessment | undefined {
  let worst: EnvironmentAssessment | undefined;
  for (const a of assessments) {
    if (
      !worst ||
      HEALTH_RANK[a.level] > HEALTH_RANK[worst.level] ||
      (HEALTH_RANK[a.level] === HEALTH_RANK[worst.level] &&
        a.environment.order > worst.environment.order)
    ) {
      worst = a;
    }
  }
  return worst;
}

export const SEVERITY_RANK: Record<Severity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};

/** The order non-passing findings come in: what to fix first. */
export const VERDICT_RANK: Record<Verdict, number> = {
  fail: 0,
  unknown: 1,
  warn: 2,
  waived: 3,
  pass: 4,
  'not-applicable': 5,
};
