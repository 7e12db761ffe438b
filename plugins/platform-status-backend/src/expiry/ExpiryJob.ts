import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironments,
  formatExpiresAt,
  readExpiry,
} from '@groundwork/plugin-groundwork-common';
import type { ExpiryState } from '@groundwork/plugin-platform-status-common';
import { entityPageLink, sendNotice } from '../notify/notices';
import type { ExpirySettings } from './config';
import { ExpiryRecord, ExpiryRecords } from './ExpiryRecords';
import { expiryKeyOf, expiryProblems, ownerRefOf } from './expiryOf';
import type { TeardownTasks } from './ScaffolderTasks';

const TOPIC = 'platform-status-expiry';

/**
 * A claim older than this without a task id means the run that made it
 * stopped between claiming and starting the task (a POST takes seconds).
 */
const STALE_CLAIM_MS = 10 * 60_000;

/** What one run did, for the log and the tests. */
export interface ExpiryRunSummary {
  notified: number;
  refused: number;
  started: number;
  destroyed: number;
  failed: number;
}

/**
 * The expiry job: for every catalog entity with `groundwork.dev/expires-at`,
 * refuses it (and says why) unless it has an owner, a valid expiry and only
 * non-production environments; tells the owners once when it expires
 * within `noticeHours`; and once it has expired, starts one task of the
 * teardown template for it and follows that task to its end. The records
 * live in the database, so replicas and restarts neither repeat a notice
 * nor start a second task.
 */
export class ExpiryJob {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      records: ExpiryRecords;
      tasks: TeardownTasks;
      notifications: NotificationService;
      environments: GroundworkEnvironments;
      settings: Pick<ExpirySettings, 'noticeHours' | 'teardownTemplate'>;
      logger: LoggerService;
      /** The portal's clock; tests set it. */
      now?: () => Date;
      /**
       * Told which entities' expiry changed, so that their status responses
       * show it (awaited; a failure is logged, never the run's).
       */
      onChange?: (entityRefs: string[]) => void | Promise<void>;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async annotatedEntities(): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_EXPIRES_AT}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  async run(): Promise<ExpiryRunSummary> {
    const summary: ExpiryRunSummary = {
      notified: 0,
      refused: 0,
      started: 0,
      destroyed: 0,
      failed: 0,
    };
    const changed = new Set<string>();
    const entities = await this.annotatedEntities();
    const records = await this.deps.records.readAll();

    // Teardowns under way first, whether or not their entity is still listed.
    for (const record of records.filter(r => r.state === 'tearing-down')) {
      const after = await this.follow(record);
      if (after !== record) {
        changed.add(record.entityRef);
        if (after.state === 'destroyed') summary.destroyed++;
        if (after.state === 'failed') summary.failed++;
        Object.assign(record, after);
      }
    }

    const current = new Map<string, string>();
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      const key = expiryKeyOf(entity);
      if (key === undefined) continue;
      current.set(entityRef, key);
      const own = records.filter(r => r.entityRef === entityRef);
      try {
        const outcome = await this.consider(entity, entityRef, key, own);
        if (outcome) {
          changed.add(entityRef);
          if (outcome === 'notified') summary.notified++;
          if (outcome === 'refused') summary.refused++;
          if (outcome === 'tearing-down') summary.started++;
        }
      } catch (error) {
        // One entity's trouble (the database, the scaffolder) must not stop
        // the others; the next run tries again.
        this.deps.logger.warn(
          `Expiry of ${entityRef} not handled this run: ${stringifyError(
            error,
          )}`,
        );
      }
    }

    // Notices not sent yet, then records nobody needs any more: the entity
    // is gone, or its annotation changed (the owner extended it: a new
    // record starts from the new value).
    for (const record of records) {
      if (record.state === 'tearing-down') continue;
      if (record.ownerRef && record.told !== record.state) {
        if (!(await this.tell(record))) continue;
      }
      if (current.get(record.entityRef) === record.expiresAt) continue;
      await this.deps.records.remove([record]);
      changed.add(record.entityRef);
    }

    if (changed.size > 0) {
      try {
        await this.deps.onChange?.([...changed]);
      } catch (error) {
        this.deps.logger.warn(
          `Expiry: the entity pages of ${[...changed].join(
            ', ',
          )} may show the previous state until the next catalog sync: ${stringifyError(
            error,
          )}`,
        );
      }
    }
    if (Object.values(summary).some(n => n > 0)) {
      this.deps.logger.info(
        `Expiry: ${summary.notified} notified, ${summary.refused} refused, ${summary.started} teardowns started, ${summary.destroyed} destroyed, ${summary.failed} failed`,
      );
    }
    return summary;
  }

  /** One entity with the annotation; returns the state it moved to, if any. */
  private async consider(
    entity: Entity,
    entityRef: string,
    key: string,
    own: ExpiryRecord[],
  ): Promise<ExpiryState | undefined> {
    const { records, settings } = this.deps;
    // A teardown under way (for this or an earlier value) is followed to its
    // end before anything else is done about this entity.
    if (own.some(r => r.state === 'tearing-down')) return undefined;
    const record = own.find(r => r.expiresAt === key);
    if (record && ['destroyed', 'failed'].includes(record.state)) {
      // Final for this value: a failed teardown leaves the environment as
      // it is until someone acts (or changes the annotation).
      return undefined;
    }
    const now = this.now();
    const at = now.toISOString();
    const base = {
      entityRef,
      expiresAt: key,
      label: entity.metadata.title ?? entity.metadata.name,
      ownerRef: ownerRefOf(entity),
      updatedAt: at,
    };

    const problems = expiryProblems(entity, this.deps.environments);
    if (problems.length > 0) {
      const reason = problems.join(' ');
      if (record?.state === 'refused' && record.reason === reason) {
        return undefined;
      }
      const refused: ExpiryRecord = {
        ...base,
        state: 'refused',
        reason,
        // Told once per expiry value, whatever the reasons become.
        told: record?.told === 'refused' ? 'refused' : undefined,
      };
      await records.save(refused);
      own.push(refused);
      if (record) Object.assign(record, refused);
      if (refused.ownerRef && refused.told !== 'refused') {
        await this.tell(refused);
      }
      return 'refused';
    }

    const reading = readExpiry(entity);
    if (reading.kind !== 'expires') return undefined; // problems said so
    if (record?.state === 'refused') {
      // Fixed since: start afresh.
      const fresh: ExpiryRecord = { ...base, state: 'scheduled' };
      await records.save(fresh);
      Object.assign(record, fresh);
    }

    const untilMs = reading.expiresAt.getTime() - now.getTime();
    if (untilMs <= 0) {
      const previous = record?.state === 'notified' ? 'notified' : 'scheduled';
      if (!(await records.claimTeardown(base, at))) return undefined;
      try {
        const taskId = await this.deps.tasks.create(
          settings.teardownTemplate,
          entityRef,
        );
        const started: ExpiryRecord = {
          ...base,
          state: 'tearing-down',
          taskId,
          claimedAt: at,
          told: record?.told,
        };
        await records.save(started);
        this.deps.logger.info(
          `Expiry: ${entityRef} expired at ${key}; teardown task ${taskId} of ${settings.teardownTemplate} started`,
        );
        if (record) Object.assign(record, started);
        else own.push(started);
        return 'tearing-down';
      } catch (error) {
        // Nothing started: give the claim back so that the next run tries
        // again, and say why on the entity page meanwhile.
        const reason = `Could not start the teardown task (${
          settings.teardownTemplate
        }): ${stringifyError(error)}. It is tried again on the next run.`;
        this.deps.logger.warn(`Expiry of ${entityRef}: ${reason}`);
        const back: ExpiryRecord = {
          ...base,
          state: previous,
          reason,
          told: record?.told,
        };
        await records.save(back);
        if (record) Object.assign(record, back);
        else own.push(back);
        return undefined;
      }
    }

    if (untilMs <= settings.noticeHours * 3_600_000) {
      if (record?.state === 'notified') return undefined;
      const notice: ExpiryRecord = {
        ...base,
        state: 'notified',
        told: 'notified',
      };
      // Recorded only once told: a refused notice is sent on the next run.
      if (!(await this.tell(notice))) return undefined;
      await records.save(notice);
      if (record) Object.assign(record, notice);
      else own.push(notice);
      return 'notified';
    }
    return undefined;
  }

  /** Reads a teardown's task; returns the record as it is after. */
  private async follow(record: ExpiryRecord): Promise<ExpiryRecord> {
    const at = this.now().toISOString();
    const template = this.deps.settings.teardownTemplate;
    let next: Pick<ExpiryRecord, 'state' | 'reason'> | undefined;
    if (!record.taskId) {
      const claimed = Date.parse(record.claimedAt ?? '');
      if (!(this.now().getTime() - claimed > STALE_CLAIM_MS)) return record;
      next = {
        state: 'failed',
        reason: `The expiry job stopped while starting the teardown task (${template}) at ${record.claimedAt}, so whether a task started is not known. Look for one for this entity in the scaffolder's task list; if there is none, run ${template} yourself, or change ${ANNOTATION_EXPIRES_AT} to a later time.`,
      };
    } else {
      try {
        const task = await this.deps.tasks.read(record.taskId);
        if (task.status === 'completed') next = { state: 'destroyed' };
        else if (task.status === 'failed') {
          next = { state: 'failed', reason: task.reason };
        } else if (task.status === 'missing') {
          next = {
            state: 'failed',
            reason: `The scaffolder has no task ${record.taskId} any more, so how the teardown ended is not known; check the environment, then run ${template} again if needed.`,
          };
        }
      } catch (error) {
        this.deps.logger.warn(
          `Expiry of ${record.entityRef}: could not read teardown task ${
            record.taskId
          }; read again next run: ${stringifyError(error)}`,
        );
      }
    }
    if (!next) return record;
    const after: ExpiryRecord = {
      ...record,
      ...next,
      reason: next.reason,
      updatedAt: at,
    };
    await this.deps.records.save(after);
    this.deps.logger.info(
      `Expiry: teardown of ${record.entityRef} ${after.state}${
        after.reason ? `: ${after.reason}` : ''
      }`,
    );
    if (after.ownerRef) await this.tell(after);
    return after;
  }

  /** Tells the owners what the record says; records that they were told. */
  private async tell(record: ExpiryRecord): Promise<boolean> {
    if (!record.ownerRef) return false;
    const payload = this.noticeOf(record);
    if (!payload) return true;
    const sent = await sendNotice(this.deps, record.ownerRef, {
      topic: TOPIC,
      scope: `${TOPIC}:${record.entityRef}`,
      ...payload,
    });
    if (sent && record.state !== 'notified') {
      record.told = record.state;
      await this.deps.records.save(record);
    }
    return sent;
  }

  private noticeOf(record: ExpiryRecord) {
    const { label, entityRef, expiresAt } = record;
    const template = this.deps.settings.teardownTemplate;
    const reading = readExpiry({
      metadata: { annotations: { [ANNOTATION_EXPIRES_AT]: expiresAt } },
    });
    const later =
      reading.kind === 'expires'
        ? ` (such as ${formatExpiresAt(
            new Date(reading.expiresAt.getTime() + 7 * 86_400_000),
          )} for a week more)`
        : '';
    const keep = `To keep it longer, change ${ANNOTATION_EXPIRES_AT} in its catalog-info.yaml to a later time${later}; once the catalog has read it, the expiry starts over. To keep it for good, remove the annotation.`;
    switch (record.state) {
      case 'notified':
        return {
          title: `${label} will be destroyed at ${expiresAt}`,
          description: `${label} (${entityRef}) is a preview that expires at ${expiresAt}. Then ${template} destroys its infrastructure, deletes its Argo CD application and removes it from the catalog; its repository is left in place. ${keep}`,
          link: entityPageLink(entityRef),
          severity: 'high' as const,
        };
      case 'refused':
        return {
          title: `${label} will not be destroyed at its expiry`,
          description: `${entityRef} has ${ANNOTATION_EXPIRES_AT} "${expiresAt}", but nothing is destroyed while: ${record.reason}`,
          link: entityPageLink(entityRef),
          severity: 'normal' as const,
        };
      case 'destroyed':
        return {
          title: `${label} was destroyed at its expiry`,
          description: `The teardown task ${record.taskId} of ${template} completed: the infrastructure, the Argo CD application and the catalog entry of ${entityRef} are gone. Its repository is left in place; archive it if nobody needs it.`,
          link: record.taskId ? taskLink(record.taskId) : undefined,
          severity: 'normal' as const,
        };
      case 'failed':
        return {
          title: `The teardown of ${label} failed`,
          description: `${
            record.reason
          } The environment is left as it is. See the task${
            record.taskId ? ` ${record.taskId}` : ''
          }, fix the cause and run ${template} again; or change ${ANNOTATION_EXPIRES_AT} to a later time, which starts over.`,
          link: record.taskId
            ? taskLink(record.taskId)
            : entityPageLink(entityRef),
          severity: 'high' as const,
        };
      default:
        return undefined;
    }
  }
}

/** The scaffolder's page of a task in the app. */
export function taskLink(taskId: string): string {
  return `/create/tasks/${encodeURIComponent(taskId)}`;
}
