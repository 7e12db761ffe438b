export { coverageTable } from './table';
export type {
  CheckCoverage,
  CheckStatus,
  CoverageTable,
  CoverageTotals,
  TypeCoverage,
} from './table';
export { CHECKOV } from './catalogue';
export type { CheckovCatalogue, CheckovCheck } from './catalogue';
export { AWS_SCOPE } from './scope';
export type { CoverageExclusion, ExclusionReason } from './exclusions';
