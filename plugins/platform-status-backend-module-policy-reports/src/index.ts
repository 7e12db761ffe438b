/**
 * Kyverno's policy reports as in-cluster compliance findings in Groundwork
 * platform status.
 *
 * @packageDocumentation
 */

export { platformStatusModulePolicyReports as default } from './module';
export { PolicyReportCollector } from './PolicyReportCollector';
export { placeReports } from './mapping';
export type { Placement, PolicyReport, PolicyReportResult } from './mapping';
