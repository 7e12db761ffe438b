import { absoluteTime, durationText, relativeTime } from './time';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('relativeTime', () => {
  it.each([
    ['2026-12-07T09:00:00Z', '3 hours ago'],
    ['2026-12-06T12:00:00Z', 'yesterday'],
    ['2026-12-10T12:00:00Z', 'in 3 days'],
    ['2026-12-07T12:05:00Z', 'in 5 minutes'],
    ['2026-12-07T11:59:30Z', '30 seconds ago'],
    ['2027-12-07T12:00:00Z', 'next year'],
  ])('%s is %s', (iso, text) => {
    expect(relativeTime(iso, NOW)).toBe(text);
  });

  it('returns text that is not an instant unchanged', () => {
    expect(relativeTime('soon', NOW)).toBe('soon');
  });
});

describe('absoluteTime', () => {
  it('writes UTC to the minute, whatever the offset it was given in', () => {
    expect(absoluteTime('2026-12-10T15:05:59+01:00')).toBe(
      '2026-12-10 14:05 UTC',
    );
  });

  it('returns text that is not an instant unchanged', () => {
    expect(absoluteTime('2026-13-45')).toBe('2026-13-45');
  });
});

describe('durationText', () => {
  it.each([
    [90 * 60_000, '90 minutes'],
    [7 * 24 * 3600_000, '1 week'],
    [24 * 3600_000, '1 day'],
    [36 * 3600_000, '36 hours'],
    [1500, '2 seconds'],
  ])('%d ms is %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
});
