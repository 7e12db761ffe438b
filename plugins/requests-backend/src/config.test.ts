import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import path from 'node:path';
import { readRequestsSettings } from './config';

const read = (requests?: object) =>
  readRequestsSettings(
    new ConfigReader(requests ? { groundwork: { requests } } : {}),
  );

describe('readRequestsSettings', () => {
  it('has the defaults the README documents', () => {
    expect(read()).toEqual({
      maxDuration: { days: 30 },
      environmentMaxDuration: {},
      schedule: {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 30 },
      },
    });
  });

  it('reads every key, as objects or ISO 8601 durations', () => {
    expect(
      read({
        maxDuration: 'P14D',
        environments: {
          production: { maxDuration: { hours: 8 } },
          dev: {},
        },
        schedule: { frequency: { minutes: 5 }, timeout: 'PT2M' },
      }),
    ).toEqual({
      maxDuration: { days: 14 },
      environmentMaxDuration: { production: { hours: 8 } },
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 2 },
        initialDelay: { seconds: 30 },
      },
    });
  });

  it('refuses a maximum that is not a positive duration, naming the key', () => {
    expect(() =>
      read({ environments: { production: { maxDuration: { hours: 0 } } } }),
    ).toThrow('groundwork.requests.environments.production.maxDuration');
    expect(() => read({ maxDuration: 'eight hours' })).toThrow(/maxDuration/);
  });

  it('is documented key by key in the README and config.d.ts', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../README.md'),
      'utf8',
    );
    const schema = fs.readFileSync(
      path.resolve(__dirname, '../config.d.ts'),
      'utf8',
    );
    for (const key of [
      'groundwork.requests.maxDuration',
      'groundwork.requests.environments.<env>.maxDuration',
      'groundwork.requests.schedule.frequency',
      'groundwork.requests.schedule.timeout',
    ]) {
      expect(readme).toContain(`\`${key}\``);
      expect(schema).toContain(`${key.split('.').at(-1)}?:`);
    }
    for (const route of [
      'POST /requests/:id/revoke',
      'GET /in-force',
      'GET /access-review',
    ]) {
      expect(readme).toContain(route);
    }
  });
});
