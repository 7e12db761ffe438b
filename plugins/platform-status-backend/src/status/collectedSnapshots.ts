import { SEVERITIES } from '@groundwork/plugin-platform-status-common';
import type {
  AdmissionFinding,
  AdmissionItem,
} from '@groundwork/plugin-platform-status-node';
import type {
  CostItem,
  DeliveryItem,
  SnapshotChanges,
  StoredSnapshot,
} from '../store/StatusStore';
import { forecastMonthly } from './forecast';
import { actualTrend } from './trend';
import type { CostData } from './types';

const keyOf = (s: { entityRef: string; environment: string }) =>
  `${s.entityRef}\n${s.environment}`;

function deletesOf(old: Map<string, unknown>) {
  return [...old.keys()].map(id => {
    const [entityRef, environment] = id.split('\n');
    return { entityRef, environment };
  });
}

/**
 * What one Argo CD instance's listing changes: apps whose data changed are
 * written (with a history point and their syncs: a new sync, operation or
 * commit changes the data), apps it no longer lists are removed.
 * `touched` are the entities whose status changed.
 */
export function deliveryChanges(
  existing: StoredSnapshot[],
  instance: string,
  items: DeliveryItem[],
  at: string,
): SnapshotChanges & { touched: string[] } {
  const touched = new Set<string>();
  const old = new Map(existing.map(s => [keyOf(s), s.data]));
  const changes: SnapshotChanges = {
    writes: [],
    history: [],
    deletes: [],
    deployments: [],
  };
  for (const item of items) {
    const id = keyOf(item);
    const data = JSON.stringify(item.data);
    const before = old.get(id);
    old.delete(id);
    if (before === data) continue;
    touched.add(item.entityRef);
    if (item.deployments?.length) {
      changes.deployments!.push({
        entityRef: item.entityRef,
        environment: item.environment,
        origin: instance,
        appName: item.data.appName,
        appNamespace: item.data.appNamespace,
        deployments: item.deployments,
      });
    }
    const key = {
      entityRef: item.entityRef,
      environment: item.environment,
      source: 'delivery' as const,
      asOf: at,
    };
    changes.writes.push({ ...key, origin: instance, runId: null, data });
    changes.history.push({
      ...key,
      point: {
        syncStatus: item.data.syncStatus,
        healthStatus: item.data.healthStatus,
        revision: item.data.revision,
      },
    });
  }
  changes.deletes = deletesOf(old);
  for (const gone of changes.deletes) touched.add(gone.entityRef);
  return { ...changes, touched: [...touched] };
}

/**
 * What one billing source's month-to-date amounts change: every amount is
 * written with its daily trend point and a history point (forecast
 * included), amounts it no longer reports are removed.
 */
export function costActualsChanges(
  existing: StoredSnapshot[],
  collection: {
    source: string;
    currency: string;
    period: { start: string; end: string };
    items: CostItem[];
    at: string;
    trendPoints: number;
  },
): SnapshotChanges & { touched: string[] } {
  const { source, currency, period, at } = collection;
  const touched = new Set<string>();
  const old = new Map(
    existing.map(s => [keyOf(s), JSON.parse(s.data) as CostData]),
  );
  const changes: SnapshotChanges = { writes: [], history: [], deletes: [] };
  for (const item of collection.items) {
    const id = keyOf(item);
    const before = old.get(id);
    old.delete(id);
    touched.add(item.entityRef);
    const data: CostData = {
      source,
      currency,
      actualMonthToDate: item.amount,
      periodStart: period.start,
      periodEnd: period.end,
      trend: actualTrend(
        before?.trend ?? [],
        at,
        item.amount,
        collection.trendPoints,
      ),
    };
    const key = {
      entityRef: item.entityRef,
      environment: item.environment,
      source: 'cost' as const,
      asOf: at,
    };
    changes.writes.push({
      ...key,
      origin: source,
      runId: null,
      data: JSON.stringify(data),
    });
    changes.history.push({
      ...key,
      point: {
        actualMonthToDate: item.amount,
        forecastMonthly: forecastMonthly(data),
        periodStart: period.start,
      },
    });
  }
  changes.deletes = deletesOf(old);
  for (const gone of changes.deletes) touched.add(gone.entityRef);
  return { ...changes, touched: [...touched] };
}

const RESULT_ORDER: Record<string, number> = {
  fail: 0,
  error: 1,
  warn: 2,
  skip: 3,
  pass: 4,
};

/** Failures and errors first, then warnings, skips, passes; worst severity first. */
export function sortAdmissionFindings(
  findings: AdmissionFinding[],
): AdmissionFinding[] {
  return [...findings].sort(
    (a, b) =>
      (RESULT_ORDER[a.result] ?? 9) - (RESULT_ORDER[b.result] ?? 9) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.address.localeCompare(b.address),
  );
}

/**
 * What one cluster's policy reports change in its environment: every
 * entity it reports on gets its findings (in display order), entities it
 * no longer reports on lose theirs.
 */
export function admissionChanges(
  existing: StoredSnapshot[],
  collection: {
    cluster: string;
    environment: string;
    items: AdmissionItem[];
    at: string;
  },
): SnapshotChanges & { touched: string[] } {
  const { cluster, environment, at } = collection;
  const touched = new Set<string>();
  const old = new Map(existing.map(s => [keyOf(s), s.findings]));
  const changes: SnapshotChanges = { writes: [], history: [], deletes: [] };
  for (const item of collection.items) {
    if (item.environment !== environment) continue;
    const id = keyOf(item);
    const findings = JSON.stringify(sortAdmissionFindings(item.findings));
    const before = old.get(id);
    old.delete(id);
    const key = {
      entityRef: item.entityRef,
      environment,
      source: 'admission' as const,
      asOf: at,
    };
    // Written every cycle: asOf says when the cluster last said it.
    changes.writes.push({
      ...key,
      origin: cluster,
      runId: null,
      data: JSON.stringify({ cluster }),
      findings,
    });
    if (before === findings) continue;
    touched.add(item.entityRef);
    changes.history.push({
      ...key,
      point: {
        failed: item.findings.filter(f => f.result === 'fail' && f.scored)
          .length,
        total: item.findings.length,
      },
    });
  }
  changes.deletes = deletesOf(old);
  for (const gone of changes.deletes) touched.add(gone.entityRef);
  return { ...changes, touched: [...touched] };
}
