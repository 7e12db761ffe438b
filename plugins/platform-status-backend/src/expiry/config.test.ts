import { ConfigReader } from '@backstage/config';
import { readExpirySettings } from './config';

const read = (expiry?: object) =>
  readExpirySettings(
    new ConfigReader(expiry ? { platformStatus: { expiry } } : {}),
  );

describe('readExpirySettings', () => {
  it('has the defaults the README documents', () => {
    expect(read()).toEqual({
      enabled: true,
      schedule: {
        frequency: { minutes: 15 },
        timeout: { minutes: 10 },
        initialDelay: { minutes: 2 },
      },
      noticeHours: 24,
      teardownTemplate: 'template:default/service-teardown',
    });
  });

  it('reads every key, and completes a short template ref', () => {
    expect(
      read({
        enabled: false,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
        noticeHours: 4,
        teardownTemplate: 'previews/teardown',
      }),
    ).toEqual({
      enabled: false,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
      noticeHours: 4,
      teardownTemplate: 'template:previews/teardown',
    });
  });

  it.each([
    [
      { noticeHours: -1 },
      'platformStatus.expiry.noticeHours must be a number of hours of at least 0, got -1.',
    ],
    [
      { teardownTemplate: 'component:default/service-teardown' },
      'platformStatus.expiry.teardownTemplate "component:default/service-teardown" is not a Template entity ref; use one such as template:default/service-teardown.',
    ],
  ])('refuses %j, saying what to write', (expiry, message) => {
    expect(() => read(expiry)).toThrow(message);
  });
});
