import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Groundwork platform status (backend). Environments come from
   * `groundwork.environments`; each source module documents its own keys.
   */
  platformStatus?: {
    history?: {
      /** Days of history kept for trends; older points are removed daily. Default 90. */
      retentionDays?: number;
      /** Points per (entity, environment) in the cost trend the entity page shows. Default 30. */
      trendPoints?: number;
    };
    catalogSync?: {
      /** How often the catalog entities are mirrored. Default every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    cost?: {
      /**
       * How often actual cost is fetched from the billing source a module
       * sets (e.g. `@groundwork/plugin-platform-status-backend-module-aws-cost`).
       * Default every 6 hours.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    alerts?: {
      /**
       * Whether owners hear, through Backstage notifications (topic
       * `platform-status`), when an environment turns failing and when it
       * recovers. Needs the notifications backend. Default true.
       */
      enabled?: boolean;
      /**
       * How often environments are compared with what was last announced;
       * an alert follows a change within one run. Default every 5 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * A notice per transition (true), or only the digest (false, with
       * `digest.schedule`). Default true.
       */
      immediate?: boolean;
      digest?: {
        /**
         * When each owning group gets one notice listing its environments that
         * need attention, e.g. `{ cron: '0 8 * * 1-5' }` with a timeout. No
         * digest without it.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /**
     * Drift checks, when a module adds a drift source (e.g.
     * `@groundwork/plugin-platform-status-backend-module-terraform-drift`).
     * One cluster-wide task: with several replicas, one runs each cycle.
     */
    drift?: {
      /** When the drift cycle runs. Default every hour, 5 minutes after start, timeout 50 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Checks running at the same time. Default 2. */
      concurrency?: number;
      /** Checks per cycle, least recently checked first. Default 200. */
      maxChecksPerCycle?: number;
      /** Each check starts after a random delay up to this many seconds. Default 30; 0 for none. */
      jitterSeconds?: number;
    };
    /**
     * The expiry job for preview services (entities with
     * `groundwork.dev/expires-at`): notice to the owners, then a task of the
     * teardown template at the expiry. One cluster-wide task.
     */
    expiry?: {
      /** Whether the job runs. Default true (it acts only on entities with the annotation). */
      enabled?: boolean;
      /** When the job runs. Default every 15 minutes, 2 minutes after start, timeout 10 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Hours before the expiry that the owning group is told. Default 24. */
      noticeHours?: number;
      /**
       * The template whose task destroys an expired entity; it gets
       * `{ entityRef }`. Default `template:default/service-teardown`.
       */
      teardownTemplate?: string;
    };
    refresh?: {
      /** Minimum seconds between two refreshes of one entity, across replicas. Default 60. */
      minIntervalSeconds?: number;
    };
    permissions?: {
      /** Seconds a caller's catalog-read decision is reused. Default 10. */
      cacheSeconds?: number;
    };
    ingestion?: {
      /** Most findings one report may carry. Default 5000. */
      maxFindings?: number;
      /** Largest report body in bytes. Default 5000000. */
      maxBodyBytes?: number;
      /**
       * Backend plugins (by plugin id, e.g. `scaffolder`) whose infrastructure
       * run reports are accepted, each for a person it acts for (the
       * `onBehalfOf` credentials of `reportInfrastructureRun`), and only for an
       * entity that person may change (`groundwork.entity.change`) or that is
       * not in the catalog yet. Every other caller gets 403, except this
       * plugin's own modules reporting as themselves. Default `['scaffolder']`.
       */
      reporters?: string[];
    };
  };
}
