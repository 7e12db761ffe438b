import { ConfigReader } from '@backstage/config';
import { readPlatformStatusConfig } from './config';

const read = (platformStatus: object) =>
  readPlatformStatusConfig(new ConfigReader({ platformStatus }));

describe('readPlatformStatusConfig', () => {
  it('accepts reports from the scaffolder unless config names other reporters', () => {
    expect(read({}).ingestion.reporters).toEqual(['scaffolder']);
    expect(
      read({ ingestion: { reporters: ['scaffolder', 'github-actions'] } })
        .ingestion.reporters,
    ).toEqual(['scaffolder', 'github-actions']);
    // Nobody but the plugin's own modules.
    expect(read({ ingestion: { reporters: [] } }).ingestion.reporters).toEqual(
      [],
    );
  });

  it('refuses a reporter that is not a plugin id, naming the key', () => {
    expect(() =>
      read({ ingestion: { reporters: ['plugin:scaffolder'] } }),
    ).toThrow(
      'platformStatus.ingestion.reporters[0] "plugin:scaffolder" is not a backend plugin id; write the plugin id alone, e.g. "scaffolder".',
    );
    expect(() =>
      read({ ingestion: { reporters: ['scaffolder', 'external:ci'] } }),
    ).toThrow(
      'platformStatus.ingestion.reporters[1] "external:ci" is not a backend plugin id; use one such as "scaffolder".',
    );
  });

  it('refuses alerts with neither immediate notices nor a digest, saying what to set', () => {
    expect(read({}).alerts).toMatchObject({
      enabled: true,
      immediate: true,
      digestSchedule: undefined,
    });
    expect(() => read({ alerts: { immediate: false } })).toThrow(
      'platformStatus.alerts.immediate is false but alerts.digest.schedule is not set',
    );
    expect(
      read({ alerts: { enabled: false, immediate: false } }).alerts.enabled,
    ).toBe(false);
    expect(
      read({
        alerts: {
          immediate: false,
          digest: {
            schedule: { frequency: { cron: '0 8 * * 1-5' }, timeout: 'PT10M' },
          },
        },
      }).alerts.digestSchedule,
    ).toMatchObject({ frequency: { cron: '0 8 * * 1-5' } });
  });
});
