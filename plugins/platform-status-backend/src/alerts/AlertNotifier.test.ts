import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { OverviewRow } from '@groundwork/plugin-platform-status-common';
import { KnexStatusStore } from '../store/knex/KnexStatusStore';
import { environments } from '../__testUtils__/fixtures';
import { AlertNotifier } from './AlertNotifier';
import { AlertStates } from './AlertStates';

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

function row(environment: string, healthStatus: string): OverviewRow {
  return {
    entityRef: 'component:default/payments-api',
    kind: 'Component',
    owner: 'group:default/payments',
    environment,
    healthStatus,
    estimatedMonthly: null,
    actualMonthToDate: null,
    budgetMonthly: null,
    budgetUsed: null,
    complianceScore: null,
    failed: { critical: 0, high: 0, medium: 0, low: 0 },
    asOf: null,
  };
}

describe.each(databases.eachSupportedId())('AlertNotifier on %p', id => {
  it('retries an alert the notifications backend refused, and forgets environments that are gone', async () => {
    const knex = await databases.init(id);
    const database = mockServices.database({ knex });
    // The store's migrations create the alert table too.
    await KnexStatusStore.create({ database });
    let rows = [row('dev', 'Degraded'), row('prod', 'Healthy')];
    let down = true;
    const sent: string[] = [];
    const notifications: NotificationService = {
      async send(options) {
        if (down) throw new Error('notifications answered 503');
        sent.push(options.payload.title);
      },
    };
    const logger = mockServices.logger.mock();
    const notifier = new AlertNotifier({
      store: {
        async queryOverview() {
          return { items: rows, totalCount: rows.length };
        },
      },
      states: new AlertStates(knex),
      notifications,
      environments,
      logger,
    });

    expect(await notifier.run()).toEqual({
      alerted: 0,
      recovered: 0,
      failedToSend: 1,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'retried next run: Error: notifications answered 503',
      ),
    );
    down = false;
    expect(await notifier.run()).toMatchObject({ alerted: 1 });
    expect(sent).toEqual(['payments-api in dev needs attention: degraded']);
    expect(await notifier.run()).toMatchObject({ alerted: 0 });

    // dev is no longer shown: its state goes, so its return alerts again.
    rows = [row('prod', 'Healthy')];
    await notifier.run();
    rows = [row('dev', 'Degraded')];
    expect(await notifier.run()).toMatchObject({ alerted: 1 });
    expect(sent).toHaveLength(2);
    await knex.destroy();
  });
});
