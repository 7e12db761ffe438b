import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';

/**
 * The requests plugin's clock: what "now" is for expiry, in-force and
 * maximum durations. A service so that tests can move time forward through
 * the real backend (`createServiceFactory({ service: requestsClockServiceRef, ... })`).
 */
export interface RequestsClock {
  now(): Date;
}

export const requestsClockServiceRef = createServiceRef<RequestsClock>({
  id: 'groundwork.requests.clock',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ now: () => new Date() }),
    }),
});
