/**
 * How the portal writes instants and spans of time, the same on every page
 * of every Groundwork plugin: a relative time for reading at a glance, an
 * absolute UTC time next to it for the record, and durations in the largest
 * whole unit.
 */

/** From the largest unit down: the first one the span reaches is used. */
const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * `3 hours ago`, `yesterday`, `in 5 minutes`. Text that is not an instant
 * is returned as it is, so a bad value shows rather than `Invalid Date`.
 */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second')
      return relative.format(Math.round(diff / ms), unit);
  }
  return iso;
}

/** `2026-12-10 14:05 UTC`: the same for every reader, whatever their zone. */
export function absoluteTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `24 hours`, `1 week`, `90 minutes`: the largest unit that divides it. */
export function durationText(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
}
