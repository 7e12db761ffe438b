import { LoggerService } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';
import type {
  DriftCheckSource,
  DeploymentHistoryResponse,
  EntityStatusResponse,
  InfrastructureRunReport,
} from '@groundwork/plugin-platform-status-common';
import { deploymentHistoryOf } from './deploymentHistory';
import type { CompareUrl } from './compareUrl';
import type { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { MirroredEntity } from '../catalog/entitySettings';
import type {
  CollectionResult,
  CostItem,
  DeliveryItem,
  OverviewFilters,
  OverviewQuery,
  ReadableFilter,
  StatusStore,
} from '../store/StatusStore';
import {
  StatusContext,
  buildEntityStatus,
  serializeEntityStatus,
} from './buildEntityStatus';
import {
  admissionChanges,
  costActualsChanges,
  deliveryChanges,
} from './collectedSnapshots';
import type { CollectorKind, DriftRecord } from './types';
import type {
  AdmissionItem,
  DeliveryData,
} from '@groundwork/plugin-platform-status-node';
import { EntityResponse, EntityResponseCache } from './EntityResponseCache';
import { overviewRecordsOf } from './overview';
import { infrastructureRunChanges } from './runSnapshot';
import type { ExpiryRecords } from '../expiry/ExpiryRecords';
import { expiryOf } from '../expiry/expiryOf';
import { ReadInForce, waiverCounts } from './requestsInForce';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';

/** Entities per overview recomputation: bounds memory on a full rebuild. */
const OVERVIEW_BATCH = 200;

interface StatusServiceOptions {
  store: StatusStore;
  environments: GroundworkEnvironments;
  /** Points per environment kept in each trend. */
  trendPoints: number;
  argocd: { instances: string[]; defaultInstance?: string };
  /** The cluster whose policy reports are read, per environment that has one. */
  admissionClusters?: Record<string, string>;
  /** Name of the billing source, and which environments it covers. */
  costSource?: { name: string; covers(environment: string): boolean };
  /** The drift sources, each with the Terraform state locations it checks. */
  driftSources?: Array<{
    id: DriftCheckSource;
    /** Set on a source installed switched off: never checks, says why. */
    disabledReason?: string;
    covers(stateLocation: string): boolean;
  }>;
  logger: LoggerService;
  /**
   * The expiry job's records, read into the response of an entity with
   * `groundwork.dev/expires-at`; without them only the annotation is shown.
   */
  expiryRecords?: Pick<ExpiryRecords, 'readFor'>;
  /**
   * How long collector outcomes are cached between reads (ms); also the
   * longest a built entity response is reused, so neither shows a write
   * made on another replica later than this.
   */
  outcomeCacheMs?: number;
  /** Memory for built entity responses (bytes); 0 turns reuse off. */
  responseCacheBytes?: number;
  /** Links a deployment to its changes (compareUrlFor the portal's integrations). */
  compareUrl?: CompareUrl;
  /**
   * Reads the waivers and budgets approved by request in force (the
   * requests plugin); without, responses show none and say nothing of them.
   */
  readInForce?: ReadInForce;
}

const noCompareUrl: CompareUrl = () => undefined;

/** Room for about two thousand entity pages of 30 findings per environment. */
const RESPONSE_CACHE_BYTES = 128 * 1024 * 1024;

/** A weak validator of a body: the same status gives the same tag. */
function etagOf(head: string) {
  return `W/"${createHash('sha1').update(head).digest('base64url')}"`;
}

/**
 * Platform status's one way in: the routes, actions, catalog sync and
 * collectors call its verbs, it computes (status, trends, overview rows)
 * and the store, which it keeps to itself, reads and writes rows. Besides
 * an entity's own rows every response needs configuration and collector
 * outcomes (cached for a few seconds: they change once per collector cycle).
 */
export class StatusService {
  private outcomes?: { at: number; ctx: Promise<StatusContext> };
  private readonly outcomeCacheMs: number;
  private readonly responses: EntityResponseCache;

  constructor(private readonly options: StatusServiceOptions) {
    this.outcomeCacheMs = options.outcomeCacheMs ?? 5_000;
    this.responses = new EntityResponseCache({
      maxBytes: options.responseCacheBytes ?? RESPONSE_CACHE_BYTES,
    });
  }

  private get store() {
    return this.options.store;
  }

  get environments() {
    return this.options.environments;
  }

  /**
   * Records how a collector's last run for one origin (Argo CD instance,
   * billing source) went; this replica's next response shows it at once.
   */
  async recordCollection(
    collector: CollectorKind,
    origin: string,
    outcome: CollectionResult,
  ) {
    await this.store.recordCollection(collector, origin, outcome);
    this.outcomes = undefined;
    // An outcome shows in the status of every entity it delivers or bills.
    this.responses.clear();
  }

  /**
   * The context with the collector outcomes, and when they were read; one
   * read for all the requests that need it at the same time.
   */
  private async currentContext(): Promise<{ at: number; ctx: StatusContext }> {
    const now = Date.now();
    if (!this.outcomes || now - this.outcomes.at > this.outcomeCacheMs) {
      const { costSource, argocd } = this.options;
      const outcomes = {
        at: now,
        ctx: this.store.readCollections().then(
          (map): StatusContext => ({
            environments: this.options.environments,
            argocd: {
              instances: new Set(argocd.instances),
              defaultInstance: argocd.defaultInstance,
            },
            admissionClusterFor: env =>
              Object.hasOwn(this.options.admissionClusters ?? {}, env)
                ? this.options.admissionClusters![env]
                : undefined,
            costSourceFor: env =>
              costSource?.covers(env) ? costSource.name : undefined,
            driftSourceFor: location =>
              this.options.driftSources?.find(
                d => !d.disabledReason && d.covers(location),
              )?.id,
            driftNotConfiguredReason: location =>
              this.options.driftSources?.find(
                d => d.disabledReason && d.covers(location),
              )?.disabledReason,
            collection: (collector, origin) =>
              map.get(`${collector}:${origin}`),
          }),
        ),
      };
      outcomes.ctx.catch(() => {
        if (this.outcomes === outcomes) this.outcomes = undefined;
      });
      this.outcomes = outcomes;
    }
    const { at, ctx } = this.outcomes;
    return { at, ctx: await ctx };
  }

  async context(): Promise<StatusContext> {
    return (await this.currentContext()).ctx;
  }

  /** The entity as mirrored and its status, or undefined when not mirrored. */
  async getEntityStatus(
    entityRef: string,
  ): Promise<
    { entity: MirroredEntity; status: EntityStatusResponse } | undefined
  > {
    const [found, ctx, drift, expiry, inForce] = await Promise.all([
      this.store.readEntity(entityRef),
      this.context(),
      this.store.readDrift([entityRef]),
      this.readExpiry(entityRef),
      this.options.readInForce?.(entityRef),
    ]);
    if (!found) return undefined;
    return {
      entity: found.entity,
      status: buildEntityStatus(found.entity, found.snapshots, ctx, {
        drift: drift.get(entityRef),
        inForce,
        expiry: expiryOf(
          found.entity.entity,
          expiry,
          this.options.environments,
        ),
      }),
    };
  }

  /**
   * The entity page's response body, with stored findings copied in as
   * text, and its validator. A body built moments ago is reused (see
   * `outcomeCacheMs`); `generatedAt` is always now.
   */
  async getEntityStatusJson(
    entityRef: string,
  ): Promise<
    { entity: MirroredEntity; json: string; etag: string } | undefined
  > {
    const hit = this.responses.get(entityRef);
    if (hit) {
      return {
        entity: hit.entity,
        etag: hit.etag,
        json: `${hit.head},"generatedAt":"${new Date().toISOString()}"}`,
      };
    }
    return this.buildEntityResponse(entityRef);
  }

  private async buildEntityResponse(
    entityRef: string,
  ): Promise<(EntityResponse & { json: string }) | undefined> {
    const mark = this.responses.mark();
    const [found, { at, ctx }, drift, expiry, inForce] = await Promise.all([
      this.store.readEntity(entityRef),
      this.currentContext(),
      this.store.readDrift([entityRef]),
      this.readExpiry(entityRef),
      this.options.readInForce?.(entityRef),
    ]);
    if (!found) return undefined;
    // Reused for outcomeCacheMs at most, like the rest of the response: a
    // waiver shows that much longer after it ends, never in the gate.
    const status = buildEntityStatus(found.entity, found.snapshots, ctx, {
      rawFindings: true,
      drift: drift.get(entityRef),
      inForce,
      expiry: expiryOf(found.entity.entity, expiry, this.options.environments),
    });
    const json = serializeEntityStatus(status, found.snapshots);
    // generatedAt is the last key: what precedes it is the status itself.
    const head = json.slice(0, json.lastIndexOf(',"generatedAt":'));
    const response = { entity: found.entity, head, etag: etagOf(head) };
    // Expires with the outcomes it was built with: nothing in it is older
    // than outcomeCacheMs when it is last used.
    this.responses.set(entityRef, response, at + this.outcomeCacheMs, mark);
    // Built for this request: sent as it is, generatedAt now.
    return { ...response, json };
  }

  /**
   * Records a run. A report with a known run id replaces that run; a run
   * that finished before the stored one goes to history only.
   */
  async recordInfrastructureRun(report: InfrastructureRunReport) {
    const recordedAt = new Date().toISOString();
    await this.store.changeSnapshots(
      {
        source: 'infrastructure',
        entityRef: report.entityRef,
        environment: report.environment,
      },
      ([existing]) =>
        infrastructureRunChanges(existing, report, {
          trendPoints: this.options.trendPoints,
          recordedAt,
        }),
    );
    this.responses.forget([report.entityRef]);
    await this.refreshOverview([report.entityRef]);
  }

  /**
   * Replaces what one Argo CD instance reported: writes apps that changed,
   * removes apps it no longer lists (within `scope` when given: a refresh of
   * one entity). Returns the entities touched; their overview rows are the
   * caller's to refresh (once per cycle, not per instance).
   */
  async recordDelivery(
    instance: string,
    items: DeliveryItem[],
    at: string,
    scope?: { entityRef: string },
  ): Promise<string[]> {
    let touched: string[] = [];
    await this.store.changeSnapshots(
      { source: 'delivery', origin: instance, entityRef: scope?.entityRef },
      existing => {
        const changes = deliveryChanges(existing, instance, items, at);
        touched = changes.touched;
        return changes;
      },
    );
    this.responses.forget(touched);
    return touched;
  }

  /** What one Argo CD instance delivered when last recorded (see DeliveryRecorder). */
  async recordedDelivery(instance: string): Promise<Map<string, DeliveryData>> {
    const data = await this.store.readSnapshotData({
      source: 'delivery',
      origin: instance,
    });
    return new Map([...data].map(([key, json]) => [key, JSON.parse(json)]));
  }

  /** An environment's syncs, newest first (at most `limit`), as the API sends them. */
  async deploymentHistory(
    entityRef: string,
    environment: string,
    limit: number,
  ): Promise<DeploymentHistoryResponse> {
    return deploymentHistoryOf(
      entityRef,
      environment,
      await this.store.readDeployments(entityRef, environment, limit),
      this.options.compareUrl ?? noCompareUrl,
    );
  }

  /** The delivery recorded for one entity's environment, or undefined. */
  async deliveryData(
    entityRef: string,
    environment: string,
  ): Promise<DeliveryData | undefined> {
    const data = await this.store.readSnapshotData({
      source: 'delivery',
      entityRef,
      environment,
    });
    const json = data.get(`${entityRef}\n${environment}`);
    return json ? JSON.parse(json) : undefined;
  }

  /** The mirrored entity, or undefined. */
  async mirroredEntity(
    entityRef: string,
  ): Promise<{ entity: MirroredEntity } | undefined> {
    const [entity] = await this.store.readEntities([entityRef]);
    return entity && { entity };
  }

  /**
   * Replaces what one cluster's policy reports say in its environment;
   * returns the entities touched.
   */
  async recordAdmission(
    cluster: string,
    environment: string,
    items: AdmissionItem[],
    at: string,
  ): Promise<string[]> {
    let touched: string[] = [];
    await this.store.changeSnapshots(
      // One cluster per environment: a renamed one replaces the old one's.
      { source: 'admission', environment },
      existing => {
        const changes = admissionChanges(existing, {
          cluster,
          environment,
          items,
          at,
        });
        touched = changes.touched;
        return changes;
      },
    );
    this.responses.forget(touched);
    return touched;
  }

  /** Replaces one billing source's month-to-date amounts; returns the entities touched. */
  async recordCostActuals(
    source: string,
    currency: string,
    period: { start: string; end: string },
    items: CostItem[],
    at: string,
  ): Promise<string[]> {
    let touched: string[] = [];
    await this.store.changeSnapshots(
      { source: 'cost', origin: source },
      existing => {
        const changes = costActualsChanges(existing, {
          source,
          currency,
          period,
          items,
          at,
          trendPoints: this.options.trendPoints,
        });
        touched = changes.touched;
        return changes;
      },
    );
    this.responses.forget(touched);
    return touched;
  }

  /** Recomputes the portfolio rows of these entities from their snapshots. */
  async refreshOverview(entityRefs: string[]) {
    if (entityRefs.length === 0) return;
    const ctx = await this.context();
    const refs = [...new Set(entityRefs)];
    for (let i = 0; i < refs.length; i += OVERVIEW_BATCH) {
      const batch = refs.slice(i, i + OVERVIEW_BATCH);
      const [entities, snapshots, drift] = await Promise.all([
        this.store.readEntities(batch),
        this.store.readSnapshots(batch),
        this.store.readDrift(batch),
      ]);
      const records = entities.flatMap(entity =>
        overviewRecordsOf(
          entity,
          buildEntityStatus(
            entity,
            snapshots.get(entity.entityRef) ?? [],
            ctx,
            {
              drift: drift.get(entity.entityRef),
            },
          ),
        ),
      );
      await this.store.replaceOverview(batch, records);
    }
  }

  // ---- expiry ---------------------------------------------------------

  private async readExpiry(entityRef: string) {
    const records = this.options.expiryRecords;
    if (!records) return [];
    return (await records.readFor([entityRef])).get(entityRef) ?? [];
  }

  /** The expiry job changed these entities' records: rebuild their responses. */
  expiryChanged(entityRefs: string[]) {
    this.responses.forget(entityRefs);
  }

  // ---- drift ----------------------------------------------------------

  /**
   * Records one drift check; the entity's next response shows it. Overview
   * rows are the caller's to refresh (once per cycle).
   */
  async recordDrift(record: DriftRecord) {
    await this.store.writeDrift(record);
    this.responses.forget([record.entityRef]);
  }

  /** When each environment was last checked, keyed `<entityRef>\u0000<environment>`. */
  driftCheckedTimes(): Promise<Map<string, string>> {
    return this.store.driftCheckedTimes();
  }

  /** Removes checks of entities no longer mirrored. */
  pruneDrift(): Promise<number> {
    return this.store.pruneDrift();
  }

  // ---- the catalog mirror ---------------------------------------------

  mirroredEntities(): Promise<MirroredEntity[]> {
    return this.store.allEntities();
  }

  async mirrorEntities(entities: MirroredEntity[], syncedAt: string) {
    await this.store.upsertEntities(entities, syncedAt);
    this.responses.forget(entities.map(e => e.entityRef));
  }

  /** Removes entities the catalog no longer has; returns their refs. */
  async removeEntitiesSyncedBefore(syncedAt: string): Promise<string[]> {
    const gone = await this.store.deleteEntitiesSyncedBefore(syncedAt);
    this.responses.forget(gone);
    return gone;
  }

  /** Every entity something has reported status for. */
  reportedEntityRefs(): Promise<string[]> {
    return this.store.refsWithSnapshots();
  }

  /** After bulk changes, so the database plans overview reads well. */
  refreshPlannerStatistics() {
    return this.store.analyze();
  }

  // ---- the portfolio ----------------------------------------------------

  /**
   * A page of overview rows, filtered in the database by `readable` (the
   * caller's read conditions as SQL) when the caller may not read everything.
   */
  overview(query: OverviewQuery, readable?: ReadableFilter) {
    return this.store.queryOverview(query, readable);
  }

  /** The same page when only a predicate tells what the caller may read. */
  overviewFiltered(query: OverviewQuery, canRead: (ref: string) => boolean) {
    return this.store.queryOverviewFiltered(query, canRead);
  }

  /**
   * The rows with how many waivers approved by request are in force in
   * each; as they are when the requests plugin cannot say (logged there).
   */
  async withWaiverCounts<T extends OverviewRow>(rows: T[]): Promise<T[]> {
    const read = this.options.readInForce;
    if (!read || rows.length === 0) return rows;
    const inForce = await read();
    if (!('list' in inForce)) return rows;
    const counts = waiverCounts(inForce.list, new Date());
    return rows.map(row => ({
      ...row,
      waiversInForce:
        counts.get(
          `${row.entityRef.toLocaleLowerCase('en-US')}\n${row.environment}`,
        ) ?? 0,
    }));
  }

  /** The portfolio rolled up per environment (see `overview`). */
  rollup(query: OverviewFilters, readable?: ReadableFilter) {
    return this.store.rollupOverview(query, readable);
  }

  rollupFiltered(query: OverviewFilters, canRead: (ref: string) => boolean) {
    return this.store.rollupOverviewFiltered(query, canRead);
  }

  // ---- refreshes and history ------------------------------------------

  /**
   * Claims the right to refresh an entity now, shared by every replica:
   * false when a refresh of it ran within the interval.
   */
  claimRefresh(
    entityRef: string,
    minIntervalSeconds: number,
    now = new Date(),
  ) {
    return this.store.claimRefresh(entityRef, now, minIntervalSeconds);
  }

  /** Removes history points older than `before`; returns how many. */
  pruneHistory(before: string): Promise<number> {
    return this.store.pruneHistory(before);
  }
}
