import type { HumanDuration } from '@backstage/types';

export interface Config {
  groundwork?: {
    /** The requests backend: requests that expire, and its expiry job. */
    requests?: {
      /**
       * The longest a request (a waiver, a budget, temporary access) may
       * last, from when it is asked for. Default { days: 30 }.
       */
      maxDuration?: HumanDuration | string;
      /**
       * Per environment (by its name in groundwork.environments), a maximum
       * that replaces maxDuration there, e.g. production: { maxDuration: { hours: 8 } }.
       */
      environments?: {
        [name: string]: {
          maxDuration?: HumanDuration | string;
        };
      };
      /**
       * How often the expiry job runs (notices, expiry, retried
       * revocations). Default every minute, timeout 5 minutes.
       */
      schedule?: {
        frequency?: HumanDuration | string;
        timeout?: HumanDuration | string;
      };
    };
  };
}
