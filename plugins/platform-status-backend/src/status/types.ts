import type {
  DriftCheckSource,
  DriftedResource,
  DriftResult,
  InfrastructureRunReport,
} from '@groundwork/plugin-platform-status-common';
import type { DeliveryData } from '@groundwork/plugin-platform-status-node';

// Delivery collectors are modules: the shape they write is theirs to know too.
export type { DeliveryData };

export type SnapshotSource =
  | 'infrastructure'
  | 'delivery'
  | 'cost'
  | 'admission';

/** What one cluster's policy reports say of an entity (findings kept apart). */
export interface AdmissionData {
  cluster: string;
}

/** The collectors whose outcomes are kept, per origin. */
export type CollectorKind = 'argocd' | 'cost' | 'admission';

/** A run as kept in the infrastructure snapshot (the report, minus its key). */
type StoredRun = Omit<
  InfrastructureRunReport,
  'entityRef' | 'environment' | 'findings' | 'compliance' | 'cost'
>;

/** The compliance and estimate of the latest run that produced a plan. */
interface StoredEvaluation {
  runId: string;
  result: InfrastructureRunReport['result'];
  finishedAt: string;
  compliance: InfrastructureRunReport['compliance'];
  cost?: InfrastructureRunReport['cost'];
}

export interface TrendPoint {
  at: string;
  estimatedMonthly?: number;
  actualMonthToDate?: number;
}

export interface InfrastructureData {
  run: StoredRun;
  /** Absent until a run gets as far as a plan. */
  evaluation?: StoredEvaluation;
  trend: TrendPoint[];
}

export interface CostData {
  source: string;
  currency: string;
  actualMonthToDate: number;
  /** The billing period the amount covers: first day of the month to `periodEnd` (exclusive). */
  periodStart: string;
  periodEnd: string;
  trend: TrendPoint[];
}

export interface SnapshotRecord {
  environment: string;
  source: SnapshotSource;
  asOf: string;
  origin?: string;
  data: InfrastructureData | DeliveryData | CostData | AdmissionData;
  /** Infrastructure and admission: the findings, a JSON array in display order. */
  findingsJson?: string;
}

/** The last run of a collector for one origin (Argo CD instance, billing source). */
export interface CollectionOutcome {
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
}

/** The last drift check of one entity's environment, as stored. */
export interface DriftRecord {
  entityRef: string;
  environment: string;
  stateLocation: string;
  source: DriftCheckSource;
  result: DriftResult;
  resources: DriftedResource[];
  reason?: string;
  url?: string;
  checkedAt: string;
}
