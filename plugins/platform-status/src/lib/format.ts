const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `3 hours ago`, `yesterday`, `in 5 minutes`. */
export function formatRelativeTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const diff = at - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') {
      return relative.format(Math.round(diff / ms), unit);
    }
  }
  return iso;
}

/** `24 hours`, `7 days`, `90 minutes`: the largest whole unit. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms >= size && ms % size === 0) {
      const count = ms / size;
      return `${count} ${unit}${count === 1 ? '' : 's'}`;
    }
  }
  return `${Math.round(ms / 1000)} seconds`;
}

/** `2026-11-22 14:05 UTC`, for titles next to a relative time. */
export function formatAbsoluteTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `$1,200`, `$12.50`: whole amounts without cents. */
export function formatMoney(value: number, currency: string): string {
  const digits = Number.isInteger(value) ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    // An unknown ISO 4217 code in config must not blank the card.
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** `62%` from 0.62. */
export function formatPercent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/** `payments-api` from `component:default/payments-api`, keeping other namespaces. */
export function shortEntityRef(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[2] === 'default' ? match[3] : `${match[2]}/${match[3]}`;
}
