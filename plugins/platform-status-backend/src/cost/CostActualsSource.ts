import type { GroundworkEnvironment } from '@groundwork/plugin-platform-status-common';

/** Month-to-date spend of one allocation value in one environment. */
export interface CostActual {
  /** Value of the cost-allocation tag (`groundwork.dev/cost-allocation`). */
  allocation: string;
  environment: string;
  amount: number;
}

export interface CostActualsResult {
  currency: string;
  /** First day of the month and the exclusive end day, `YYYY-MM-DD`. */
  period: { start: string; end: string };
  items: CostActual[];
}

/**
 * A billing source for actual cost. Implementations make as few provider
 * calls as they can per cycle (billing APIs are rate-limited and may charge
 * per request) and throw with a sentence that says what to fix.
 */
export interface CostActualsSource {
  /** Shown as the origin of the data, e.g. `aws-cost-explorer`. */
  readonly name: string;
  /** Whether this source can tell an environment's spend apart. */
  covers(environment: GroundworkEnvironment): boolean;
  /** Month-to-date amounts for these allocation values, in covered environments. */
  fetchMonthToDate(request: {
    allocations: string[];
    environments: GroundworkEnvironment[];
    now: Date;
    signal?: AbortSignal;
  }): Promise<CostActualsResult>;
}

/** `YYYY-MM-DD` of a UTC date. */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The current month so far: first day to tomorrow (exclusive), UTC. */
export function monthToDate(now: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1),
  );
  return { start: day(start), end: day(end) };
}
