import type {
  AdmissionRecorder,
  DeliveryCollector,
  DeliveryRecorder,
  SourceEntity,
} from '@groundwork/plugin-platform-status-node';
import type { StatusService } from '../status/StatusService';

/**
 * Runs the delivery collectors modules added, each writing through a
 * recorder that exposes of the service only what a collector needs.
 */
export class DeliveryCollectors {
  private readonly recorder: DeliveryRecorder;

  constructor(
    private readonly collectors: DeliveryCollector[],
    service: StatusService,
  ) {
    this.recorder = {
      environments: service.environments,
      mirroredEntities: () => service.mirroredEntities(),
      recordDelivery: (origin, items, at, scope) =>
        service.recordDelivery(origin, items, at, scope),
      // Kept under 'argocd', the key the status model reads delivery
      // outcomes by (and outcomes stored before collectors were modules).
      recordCollection: (origin, outcome) =>
        service.recordCollection('argocd', origin, outcome),
      recordedDelivery: origin => service.recordedDelivery(origin),
      refreshOverview: refs => service.refreshOverview(refs),
    };
  }

  get configured() {
    return this.collectors.length > 0;
  }

  /** One scheduled cycle of one collector. */
  run(collector: DeliveryCollector, signal?: AbortSignal) {
    return collector.collect(this.recorder, signal);
  }

  /** The collector that delivers from `origin` (an Argo CD instance), if any. */
  collectorFor(origin: string): DeliveryCollector | undefined {
    return this.collectors.find(c => c.origins.names.includes(origin));
  }

  /** Re-reads one entity now with every collector that can (the refresh route). */
  async collectEntity(entity: SourceEntity, signal?: AbortSignal) {
    await Promise.all(
      this.collectors.map(c =>
        c.collectEntity?.(entity, this.recorder, signal),
      ),
    );
  }
}

/**
 * What an admission collector writes through: its cluster's findings and
 * outcomes, under the `admission` source and collector.
 */
export function admissionRecorder(service: StatusService): AdmissionRecorder {
  return {
    environments: service.environments,
    mirroredEntities: () => service.mirroredEntities(),
    recordAdmission: (cluster, environment, items, at) =>
      service.recordAdmission(cluster, environment, items, at),
    recordCollection: (cluster, outcome) =>
      service.recordCollection('admission', cluster, outcome),
    refreshOverview: refs => service.refreshOverview(refs),
  };
}
