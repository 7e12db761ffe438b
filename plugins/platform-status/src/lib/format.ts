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
