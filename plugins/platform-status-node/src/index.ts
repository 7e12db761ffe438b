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
  day,
  monthToDate,
  platformStatusSourcesExtensionPoint,
} from './sources';
export type {
  AdmissionCollector,
  AdmissionFinding,
  AdmissionItem,
  AdmissionRecorder,
  AdmissionResult,
  CollectionResult,
  CommitMetadata,
  CostActual,
  CostActualsResult,
  CostActualsSource,
  DeliveryCollector,
  DeliveryData,
  DeliveryItem,
  DeliveryRecorder,
  DriftCheckResult,
  DriftSource,
  DriftTarget,
  DeploymentRecord,
  PlatformStatusSourcesExtensionPoint,
  SourceEntity,
} from './sources';
