/*
 * The words every Groundwork package uses for findings: the engine gives
 * them, platform status stores and shows them, terraform:apply gates on
 * them. Defined here once; this module imports nothing, so the browser may
 * load it (through @groundwork/plugin-platform-status-common).
 */

/** How bad a failure is, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** How bad a failure is; ordered critical > high > medium > low. */
export type Severity = (typeof SEVERITIES)[number];

/** Rank for comparisons: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
};

/**
 * Every verdict a rule may give one resource.
 * - `unknown`: the deciding value is only known after apply; never a pass.
 * - `waived`: the rule failed (or warned, or was unknown) and a current
 *   waiver covers it.
 */
export const VERDICTS = [
  'pass',
  'fail',
  'warn',
  'not-applicable',
  'unknown',
  'waived',
] as const;

/** One rule's verdict on one resource (see {@link VERDICTS}). */
export type Verdict = (typeof VERDICTS)[number];
