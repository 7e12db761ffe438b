import { ConfigReader } from '@backstage/config';
import { formatExpiresAt, readExpiry, readPreviewMaxTtlHours } from './expiry';

const entity = (value?: string) => {
  const annotations: Record<string, string> = {};
  if (value !== undefined) annotations['groundwork.dev/expires-at'] = value;
  return { metadata: { annotations } };
};

describe('readExpiry', () => {
  it('reads an instant in UTC', () => {
    expect(readExpiry(entity('2026-12-08T15:00:00Z'))).toEqual({
      kind: 'expires',
      expiresAt: new Date(Date.UTC(2026, 11, 8, 15, 0, 0)),
    });
  });

  it('says none without the annotation', () => {
    expect(readExpiry(entity())).toEqual({ kind: 'none' });
    expect(readExpiry({ metadata: {} })).toEqual({ kind: 'none' });
  });

  it.each([
    '',
    'tomorrow',
    '2026-12-08',
    '2026-12-08T15:00:00+01:00',
    '2026-12-08T15:00:00.000Z',
    '2026-02-30T15:00:00Z',
    '2026-12-08T25:00:00Z',
    '1765206000',
  ])('refuses %j rather than guessing', value => {
    const reading = readExpiry(entity(value));
    expect(reading.kind).toBe('invalid');
    expect(reading).toMatchObject({
      reason: expect.stringContaining('2026-12-08T15:00:00Z'),
    });
  });

  it('writes what it reads', () => {
    const instant = new Date(Date.UTC(2027, 0, 2, 3, 4, 5, 678));
    expect(formatExpiresAt(instant)).toBe('2027-01-02T03:04:05Z');
    expect(readExpiry(entity(formatExpiresAt(instant)))).toEqual({
      kind: 'expires',
      expiresAt: new Date(Date.UTC(2027, 0, 2, 3, 4, 5)),
    });
  });
});

describe('readPreviewMaxTtlHours', () => {
  it('defaults to a week and reads the config', () => {
    expect(readPreviewMaxTtlHours(new ConfigReader({}))).toBe(168);
    expect(
      readPreviewMaxTtlHours(
        new ConfigReader({ groundwork: { previews: { maxTtlHours: 24 } } }),
      ),
    ).toBe(24);
  });

  it.each([0, -4, 1.5])('refuses %p', value => {
    expect(() =>
      readPreviewMaxTtlHours(
        new ConfigReader({ groundwork: { previews: { maxTtlHours: value } } }),
      ),
    ).toThrow(/groundwork.previews.maxTtlHours must be a whole number/);
  });
});
