import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { entityPageLink, sendNotice } from '../notify/notices';
import type { StatusStore } from '../store/StatusStore';
import { AlertStates, alertKeyOf } from './AlertStates';
import {
  AlertCondition,
  alertConditionsOf,
  describeCondition,
} from './conditions';

const PAGE = 500;
const TOPIC = 'platform-status';

const CONDITION_WORDS: Record<AlertCondition, string> = {
  degraded: 'degraded',
  drifted: 'drifted',
  'infrastructure-failed': 'Terraform run failed',
  'critical-findings': 'critical findings',
  'over-budget': 'over budget',
};

/** What one alerts run did, for the log and the tests. */
export interface AlertRunSummary {
  alerted: number;
  recovered: number;
  failedToSend: number;
}

function entityLabel(row: OverviewRow): string {
  return row.title ?? parseEntityRef(row.entityRef).name;
}

/**
 * Tells an entity's owners when one of its environments turns failing, once
 * per transition: a new condition (degraded, a failed Terraform run, a
 * critical finding, over budget) alerts; an unchanged one stays quiet;
 * recovery says so. What was announced is kept in the database, so replicas
 * and restarts do not repeat it. Notifications go to the entity and its
 * owner, which the notifications backend resolves to the owner's members
 * (once each), with one scope per environment so a later notice replaces
 * the earlier one in their inbox. Naming the owner as well lets a channel
 * processor reach the team's channel: Slack's posts to the `slack.com/bot-notify`
 * of each entity named, the owning Group's included.
 */
export class AlertNotifier {
  constructor(
    private readonly options: {
      store: Pick<StatusStore, 'queryOverview'>;
      states: AlertStates;
      notifications: NotificationService;
      environments: GroundworkEnvironments;
      logger: LoggerService;
    },
  ) {}

  private async *rows(): AsyncGenerator<OverviewRow> {
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await this.options.store.queryOverview({
        sort: 'name',
        order: 'asc',
        offset,
        limit: PAGE,
      });
      yield* items;
      if (items.length < PAGE) return;
    }
  }

  private environmentTitle(name: string): string {
    return this.options.environments.find(name)?.title ?? name;
  }

  private send(
    entityRef: string,
    payload: Parameters<NotificationService['send']>[0]['payload'],
    owner?: string,
  ): Promise<boolean> {
    return sendNotice(
      this.options,
      owner && owner !== entityRef ? [entityRef, owner] : entityRef,
      { topic: TOPIC, ...payload },
    );
  }

  private alert(row: OverviewRow, conditions: AlertCondition[]) {
    const env = this.options.environments.find(row.environment);
    const currency = this.options.environments.currency;
    return this.send(
      row.entityRef,
      {
        title: `${entityLabel(row)} in ${this.environmentTitle(
          row.environment,
        )} needs attention: ${conditions
          .map(c => CONDITION_WORDS[c])
          .join(', ')}`,
        description: conditions
          .map(c => describeCondition(c, row, currency))
          .join(' '),
        link: entityPageLink(row.entityRef),
        severity: env?.production ? 'critical' : 'high',
        scope: `platform-status:${row.entityRef}:${row.environment}`,
      },
      row.owner,
    );
  }

  private recovery(row: OverviewRow) {
    return this.send(
      row.entityRef,
      {
        title: `${entityLabel(row)} in ${this.environmentTitle(
          row.environment,
        )} recovered`,
        description: 'Nothing needs attention any more.',
        link: entityPageLink(row.entityRef),
        severity: 'low',
        scope: `platform-status:${row.entityRef}:${row.environment}`,
      },
      row.owner,
    );
  }

  /** Compares every environment with what was announced, and tells the changes. */
  async run(): Promise<AlertRunSummary> {
    const { states } = this.options;
    const announced = await states.readAll();
    const summary: AlertRunSummary = {
      alerted: 0,
      recovered: 0,
      failedToSend: 0,
    };
    const now = new Date().toISOString();
    for await (const row of this.rows()) {
      const key = alertKeyOf(row.entityRef, row.environment);
      const before = announced.get(key)?.conditions ?? [];
      announced.delete(key);
      const conditions = alertConditionsOf(row);
      const state = {
        entityRef: row.entityRef,
        environment: row.environment,
        conditions,
        changedAt: now,
      };
      const isNew = conditions.some(c => !before.includes(c));
      if (isNew) {
        if (await this.alert(row, conditions)) {
          summary.alerted++;
          await states.save(state);
        } else summary.failedToSend++;
      } else if (conditions.length === 0 && before.length > 0) {
        if (await this.recovery(row)) {
          summary.recovered++;
          await states.save(state);
        } else summary.failedToSend++;
      } else if (conditions.length !== before.length) {
        // Some conditions cleared, others remain: no news for the owners,
        // but a cleared one that comes back must alert again.
        await states.save(state);
      }
    }
    // Entities or environments that are gone: nothing left to tell.
    await states.remove([...announced.values()]);
    if (summary.alerted + summary.recovered + summary.failedToSend > 0) {
      this.options.logger.info(
        `Platform-status alerts: ${summary.alerted} alerted, ${summary.recovered} recovered, ${summary.failedToSend} not sent`,
      );
    }
    return summary;
  }

  /**
   * One notice per owner listing every environment of theirs that needs
   * attention now; owners with none get nothing. Returns how many were sent.
   */
  async digest(): Promise<number> {
    const byOwner = new Map<string, string[]>();
    const currency = this.options.environments.currency;
    for await (const row of this.rows()) {
      const conditions = alertConditionsOf(row);
      if (!row.owner || conditions.length === 0) continue;
      const lines = byOwner.get(row.owner) ?? [];
      lines.push(
        `${entityLabel(row)} (${row.environment}): ${conditions
          .map(c => describeCondition(c, row, currency))
          .join(' ')}`,
      );
      byOwner.set(row.owner, lines);
    }
    let sent = 0;
    for (const [owner, lines] of byOwner) {
      const ok = await this.send(owner, {
        title: `Platform status: ${lines.length} environment${
          lines.length === 1 ? '' : 's'
        } need${lines.length === 1 ? 's' : ''} attention`,
        description: lines.join('\n'),
        link: '/platform-status',
        severity: 'normal',
        scope: `platform-status-digest:${owner}`,
      });
      if (ok) sent++;
    }
    return sent;
  }
}
