import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_DOCUMENTATION_URL,
  readPlatformStatusSettings,
} from './settings';
import { formatMoney, shortEntityRef } from './format';

const read = (platformStatus?: object) =>
  readPlatformStatusSettings(
    new ConfigReader(platformStatus ? { platformStatus } : {}),
  );

describe('readPlatformStatusSettings', () => {
  it('defaults to 24 hours, the README and the default environments', () => {
    const settings = read();
    expect(settings.staleAfterMs).toBe(24 * 3600_000);
    expect(settings.documentationUrl).toBe(DEFAULT_DOCUMENTATION_URL);
    expect(settings.environments.environments.map(e => e.name)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('reads staleAfter as an object, an ISO duration or a short string', () => {
    expect(read({ staleAfter: { days: 2 } }).staleAfterMs).toBe(48 * 3600_000);
    expect(read({ staleAfter: 'PT90M' }).staleAfterMs).toBe(90 * 60_000);
    expect(read({ staleAfter: '36h' }).staleAfterMs).toBe(36 * 3600_000);
    expect(read({ documentationUrl: 'https://wiki/ps' }).documentationUrl).toBe(
      'https://wiki/ps',
    );
  });

  it('names the key when staleAfter is not a duration', () => {
    expect(() => read({ staleAfter: 'soon' })).toThrow(
      /^platformStatus.staleAfter must be a duration/,
    );
  });
});

describe('format', () => {
  it('writes money without cents when whole, and survives an unknown currency', () => {
    expect(formatMoney(1200, 'USD')).toBe('$1,200');
    expect(formatMoney(12.5, 'EUR')).toBe('€12.50');
    expect(formatMoney(3, 'NOT-A-CODE')).toBe('3 NOT-A-CODE');
    expect(shortEntityRef('group:default/payments')).toBe('payments');
    expect(shortEntityRef('group:acme/payments')).toBe('acme/payments');
  });
});
