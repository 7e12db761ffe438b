import {
  AuditorService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

export interface RecordedEvent {
  plugin: string;
  eventId: string;
  severityLevel?: string;
  meta: Record<string, unknown>;
  outcome?: 'succeeded' | 'failed';
  error?: string;
}

/** An auditor that keeps every event, to see what a refusal leaves behind. */
export function recordingAuditor(events: RecordedEvent[]) {
  return createServiceFactory({
    service: coreServices.auditor,
    deps: { plugin: coreServices.pluginMetadata },
    factory: ({ plugin }): AuditorService => ({
      async createEvent(options) {
        const event: RecordedEvent = {
          plugin: plugin.getId(),
          eventId: options.eventId,
          severityLevel: options.severityLevel,
          meta: { ...options.meta },
        };
        events.push(event);
        return {
          async success(o) {
            event.outcome = 'succeeded';
            Object.assign(event.meta, o?.meta);
          },
          async fail(o) {
            event.outcome = 'failed';
            event.error = o.error.message;
            Object.assign(event.meta, o.meta);
          },
        };
      },
    }),
  });
}
