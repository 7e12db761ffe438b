import {
  DriftCheckSource,
  AdmissionFinding,
  AdmissionStatus,
  ComplianceStatus,
  CostStatus,
  DeliveryStatus,
  EntityExpiry,
  EntityStatusResponse,
  EnvironmentStatus,
  InfrastructureStatus,
  SourceError,
  SourceState,
} from '@groundwork/plugin-platform-status-common';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type { ReportedFinding } from '@groundwork/plugin-platform-status-common';
import { estimateOf, forecastMonthly, projectedMonthly } from './forecast';
import { mergeTrends } from './trend';
import type {
  CollectionOutcome,
  CollectorKind,
  CostData,
  DeliveryData,
  DriftRecord,
  InfrastructureData,
  SnapshotRecord,
} from './types';
import { driftStatus } from './driftStatus';
import {
  budgetInForceOf,
  InForceRead,
  waiversInForceOf,
} from './requestsInForce';
import type { BudgetInForce } from '@groundwork/plugin-platform-status-common';

/** What the builder needs to know beyond one entity's rows. */
export interface StatusContext {
  environments: GroundworkEnvironments;
  argocd: { instances: ReadonlySet<string>; defaultInstance?: string };
  /** Name of the billing source covering an environment, if any. */
  costSourceFor(environment: string): string | undefined;
  /** The cluster whose policy reports are read for an environment, if any. */
  admissionClusterFor(environment: string): string | undefined;
  /** The drift source that checks a Terraform state location, if any. */
  driftSourceFor?(stateLocation: string): DriftCheckSource | undefined;
  /** Why no drift source checks a location, when an installed one is switched off. */
  driftNotConfiguredReason?(stateLocation: string): string | undefined;
  collection(
    collector: CollectorKind,
    origin: string,
  ): CollectionOutcome | undefined;
}

/** True when the last attempt failed after the last success. */
function failedLast(outcome: CollectionOutcome | undefined): boolean {
  return Boolean(
    outcome?.lastErrorAt &&
      (!outcome.lastSuccessAt || outcome.lastErrorAt > outcome.lastSuccessAt),
  );
}

function later(a?: string, b?: string) {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}

function deliveryStatus(
  env: string,
  entity: MirroredEntity,
  snapshot: SnapshotRecord | undefined,
  ctx: StatusContext,
): DeliveryStatus {
  const instance =
    (snapshot?.data as DeliveryData | undefined)?.instance ??
    entity.settings.argocdApps[env]?.instance ??
    ctx.environments.find(env)?.argocdInstance ??
    ctx.argocd.defaultInstance;
  if (!instance || !ctx.argocd.instances.has(instance)) {
    return { state: 'not-configured', instance };
  }
  const outcome = ctx.collection('argocd', instance);
  const failed = failedLast(outcome);
  const error = failed ? outcome?.lastError : undefined;
  if (!snapshot) {
    return {
      state: failed ? 'error' : 'no-data',
      instance,
      appName: entity.settings.argocdApps[env]?.app,
      error,
    };
  }
  const data = snapshot.data as DeliveryData;
  return {
    state: failed ? 'error' : 'ok',
    instance,
    appName: data.appName,
    syncStatus: data.syncStatus,
    healthStatus: data.healthStatus,
    revision: data.revision,
    lastDeployedAt: data.lastDeployedAt,
    url: data.url,
    ...(data.automatedSync !== undefined && {
      automatedSync: data.automatedSync,
    }),
    ...(data.operation && { operationPhase: data.operation.phase }),
    // Apps still listed are current as of the instance's last good cycle.
    asOf: failed ? snapshot.asOf : later(snapshot.asOf, outcome?.lastSuccessAt),
    error,
  };
}

function infrastructureStatus(
  env: string,
  entity: MirroredEntity,
  snapshot: SnapshotRecord | undefined,
): InfrastructureStatus {
  const stateLocation = entity.settings.terraformState[env];
  if (!snapshot) return { state: 'no-data', stateLocation };
  const { run } = snapshot.data as InfrastructureData;
  return {
    state: 'ok',
    result: run.result,
    runId: run.runId,
    finishedAt: run.finishedAt,
    summary: run.summary,
    resourceCount: run.resourceCount,
    runUrl: run.runUrl,
    taskUrl: run.taskUrl,
    message: run.message,
    asOf: snapshot.asOf,
    stateLocation,
  };
}

/** Stands in for an environment's findings until `serializeEntityStatus` splices them in. */
const placeholder = (env: string) => `\u0000gw-findings:${env}`;

/**
 * What the environment's cluster says: never passing unless it was read.
 * A cluster whose last read failed shows as `error`, with the findings it
 * gave before, if any.
 */
function admissionStatus(
  env: string,
  snapshot: SnapshotRecord | undefined,
  ctx: StatusContext,
): AdmissionStatus {
  const failed = { critical: 0, high: 0, medium: 0, low: 0 };
  const cluster = ctx.admissionClusterFor(env);
  if (!cluster) return { state: 'not-configured', failed, findings: [] };
  const outcome = ctx.collection('admission', cluster);
  const findings: AdmissionFinding[] = snapshot
    ? JSON.parse(snapshot.findingsJson ?? '[]')
    : [];
  for (const f of findings) {
    if (f.result === 'fail' && f.scored) failed[f.severity] += 1;
  }
  if (failedLast(outcome)) {
    return {
      state: 'error',
      cluster,
      failed,
      findings,
      asOf: snapshot?.asOf,
      error: outcome?.lastError ?? 'The cluster could not be read.',
    };
  }
  return {
    state: snapshot ? 'ok' : 'no-data',
    cluster,
    failed,
    findings,
    asOf: snapshot?.asOf,
  };
}

function complianceStatus(
  env: string,
  snapshot: SnapshotRecord | undefined,
  rawFindings: boolean,
  admission: AdmissionStatus,
): ComplianceStatus {
  const evaluation = (snapshot?.data as InfrastructureData | undefined)
    ?.evaluation;
  if (!evaluation) {
    return {
      state: 'no-data',
      score: null,
      failed: { critical: 0, high: 0, medium: 0, low: 0 },
      waived: 0,
      findings: [],
      admission,
    };
  }
  return {
    state: 'ok',
    score: evaluation.compliance.score,
    failed: evaluation.compliance.failed,
    waived: evaluation.compliance.waived,
    // Stored in display order (findingsOrder.ts).
    findings: rawFindings
      ? (placeholder(env) as unknown as ReportedFinding[])
      : JSON.parse(snapshot?.findingsJson ?? '[]'),
    asOf: evaluation.finishedAt,
    runId: evaluation.runId,
    threshold: evaluation.compliance.threshold,
    blocking: evaluation.compliance.blocking,
    admission,
  };
}

function costStatus(
  env: string,
  entity: MirroredEntity,
  infra: SnapshotRecord | undefined,
  cost: SnapshotRecord | undefined,
  ctx: StatusContext,
  budgetInForce?: BudgetInForce,
): { status: CostStatus; error?: SourceError } {
  const infraData = infra?.data as InfrastructureData | undefined;
  const costData = cost?.data as CostData | undefined;
  const estimatedMonthly = estimateOf(infraData);
  // An approved budget request replaces the configured budget, as in the gate.
  const budgetMonthly =
    budgetInForce?.monthlyBudget ??
    entity.settings.budgets[env] ??
    ctx.environments.find(env)?.monthlyBudget ??
    null;

  const source = ctx.costSourceFor(env);
  let actualState: SourceState;
  let error: SourceError | undefined;
  if (!source) {
    actualState = 'not-configured';
  } else {
    const outcome = ctx.collection('cost', source);
    if (failedLast(outcome)) {
      actualState = 'error';
      error = {
        source: 'cost',
        message: outcome!.lastError ?? 'The billing source failed.',
        at: outcome!.lastErrorAt!,
      };
    } else {
      actualState = costData ? 'ok' : 'no-data';
    }
  }
  const actualMonthToDate = costData?.actualMonthToDate ?? null;
  const forecast = costData ? forecastMonthly(costData) : null;
  const projected = projectedMonthly(estimatedMonthly, forecast);
  let budgetUsed: number | null = null;
  if (budgetMonthly !== null && projected !== null) {
    if (budgetMonthly > 0) budgetUsed = projected / budgetMonthly;
    else if (projected === 0) budgetUsed = 0;
  }

  return {
    status: {
      estimatedMonthly,
      actualMonthToDate,
      budgetMonthly,
      ...(budgetInForce && { budgetInForce }),
      currency: ctx.environments.currency,
      budgetUsed,
      estimateState: estimatedMonthly === null ? 'no-data' : 'ok',
      actualState,
      estimateAsOf: infraData?.evaluation?.finishedAt,
      actualAsOf: cost?.asOf,
      forecastMonthly: forecast,
      trend: mergeTrends(infraData?.trend, costData?.trend),
    },
    error,
  };
}

/** The environments to show: declared ones, plus any with reported data. */
function environmentsOf(
  entity: MirroredEntity,
  snapshots: SnapshotRecord[],
  ctx: StatusContext,
  warnings: string[],
): string[] {
  const names = new Set(entity.settings.environments);
  for (const s of snapshots) {
    if (names.has(s.environment)) continue;
    if (!ctx.environments.find(s.environment)) continue;
    names.add(s.environment);
    if (entity.settings.environments.length > 0) {
      warnings.push(
        `Status was reported for the environment "${s.environment}", which groundwork.dev/environments does not list; add it there.`,
      );
    }
  }
  return ctx.environments.environments
    .map(e => e.name)
    .filter(n => names.has(n));
}

interface BuildOptions {
  /**
   * Leave findings as placeholders for `serializeEntityStatus`, which copies
   * the stored JSON in without parsing it: the entity read path.
   */
  rawFindings?: boolean;
  /** The entity's last drift checks (their own table, read beside the snapshots). */
  drift?: readonly DriftRecord[];
  /** Where the entity stands with its expiry (a preview); absent otherwise. */
  expiry?: EntityExpiry;
  /**
   * The waivers and budgets approved by request in force for the entity, or
   * why they could not be read; absent when platform status does not read
   * them (the overview's rows, tests).
   */
  inForce?: InForceRead;
  /** What "in force" is measured against. Default now. */
  now?: Date;
}

function buildEnvironmentStatus(
  env: string,
  entity: MirroredEntity,
  snapshots: SnapshotRecord[],
  ctx: StatusContext,
  options: BuildOptions = {},
): EnvironmentStatus {
  const find = (source: string) =>
    snapshots.find(s => s.environment === env && s.source === source);
  const infra = find('infrastructure');
  const delivery = deliveryStatus(env, entity, find('delivery'), ctx);
  const infrastructure = infrastructureStatus(env, entity, infra);
  const admission = admissionStatus(env, find('admission'), ctx);
  const compliance = complianceStatus(
    env,
    infra,
    Boolean(options.rawFindings),
    admission,
  );
  const now = options.now ?? new Date();
  const inForce = options.inForce;
  const list = inForce && 'list' in inForce ? inForce.list : undefined;
  const cost = costStatus(
    env,
    entity,
    infra,
    find('cost'),
    ctx,
    list && budgetInForceOf(list, entity.entityRef, env, now),
  );
  if (list) {
    compliance.waiversInForce = waiversInForceOf(
      list,
      entity.entityRef,
      env,
      now,
    );
  }
  const drift = driftStatus(
    env,
    entity,
    options.drift ?? [],
    location => ctx.driftSourceFor?.(location),
    location => ctx.driftNotConfiguredReason?.(location),
  );
  const errors: SourceError[] = [];
  if (delivery.state === 'error') {
    errors.push({
      source: 'delivery',
      message: delivery.error ?? 'The Argo CD collection failed.',
      at:
        ctx.collection('argocd', delivery.instance!)?.lastErrorAt ??
        new Date().toISOString(),
    });
  }
  if (cost.error) errors.push(cost.error);
  if (inForce && 'error' in inForce) {
    errors.push({
      source: 'compliance',
      message: inForce.error,
      at: inForce.at,
    });
  }
  if (admission.state === 'error') {
    errors.push({
      source: 'admission',
      message: admission.error!,
      at:
        ctx.collection('admission', admission.cluster!)?.lastErrorAt ??
        new Date().toISOString(),
    });
  }
  const times = [
    delivery.state === 'ok' ? delivery.asOf : undefined,
    infrastructure.asOf,
    compliance.asOf,
    cost.status.estimateAsOf,
    cost.status.actualState === 'ok' ? cost.status.actualAsOf : undefined,
  ].filter((t): t is string => Boolean(t));
  const envConfig = ctx.environments.find(env);
  return {
    name: env,
    title: envConfig?.title,
    order: envConfig?.order ?? 0,
    production: envConfig?.production,
    delivery,
    infrastructure,
    cost: cost.status,
    compliance,
    drift,
    asOf: times.length ? times.sort()[0] : null,
    errors,
  };
}

export function buildEntityStatus(
  entity: MirroredEntity,
  snapshots: SnapshotRecord[],
  ctx: StatusContext,
  options: BuildOptions = {},
): EntityStatusResponse {
  const now = options.now ?? new Date();
  const warnings = [...entity.settings.warnings];
  const environments = environmentsOf(entity, snapshots, ctx, warnings).map(
    env =>
      buildEnvironmentStatus(env, entity, snapshots, ctx, { ...options, now }),
  );
  return {
    entityRef: entity.entityRef,
    environments,
    warnings,
    ...(options.expiry ? { expiry: options.expiry } : {}),
    // Last: the entity read path reuses everything before it.
    generatedAt: now.toISOString(),
  };
}

/**
 * The response body of a status built with `rawFindings`: one
 * JSON.stringify of the small parts, the stored findings copied in as text.
 */
export function serializeEntityStatus(
  status: EntityStatusResponse,
  snapshots: SnapshotRecord[],
): string {
  const findings = new Map(
    snapshots
      .filter(s => s.source === 'infrastructure')
      .map(s => [s.environment, s.findingsJson ?? '[]']),
  );
  // One pass over the small JSON; the findings go in as stored.
  const json = JSON.stringify(status).replace(
    /"findings":"\\u0000gw-findings:([a-z0-9-]+)"/g,
    (_match, env: string) => `"findings":${findings.get(env) ?? '[]'}`,
  );
  return json;
}

export { environmentsOf };
