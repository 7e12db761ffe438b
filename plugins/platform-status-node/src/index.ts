/**
 * Node library for backend plugins that report into Groundwork platform status.
 *
 * @packageDocumentation
 */

export {
  platformStatusServiceRef,
  HttpPlatformStatusService,
} from './platformStatusService';
export type { PlatformStatusService } from './platformStatusService';
export {
  complianceOf,
  costOf,
  infrastructureRunReportFromGovernance,
  planSummaryOf,
  reportedFindingsOf,
} from './governanceReport';
export type { RunDetails } from './governanceReport';
