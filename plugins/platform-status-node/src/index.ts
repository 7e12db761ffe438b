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
  CollectionResult,
  CostActual,
  CostActualsResult,
  CostActualsSource,
  DeliveryCollector,
  DeliveryData,
  DeliveryItem,
  DeliveryRecorder,
  PlatformStatusSourcesExtensionPoint,
  SourceEntity,
} from './sources';
