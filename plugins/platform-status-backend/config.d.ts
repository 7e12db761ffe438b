import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Groundwork platform status (backend). Environments come from `groundwork.environments`. */
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
    argocd?: {
      /**
       * How often every instance in `argocd.instances` is listed (one call
       * each per cycle). Default every 2 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    cost?: {
      /** How often actual cost is fetched. Default every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** AWS Cost Explorer as the billing source; absent means actual cost is not configured. */
      aws?: {
        /** Cost-allocation tag key whose values name entities, e.g. `groundwork:entity`. */
        tagKey: string;
        /** Region of the Cost Explorer endpoint. Default us-east-1. */
        region?: string;
        /** Endpoint override (a VPC endpoint, or a local stand-in in tests). */
        endpoint?: string;
        /** Metric to report. Default UnblendedCost. */
        metric?:
          | 'AmortizedCost'
          | 'BlendedCost'
          | 'NetAmortizedCost'
          | 'NetUnblendedCost'
          | 'UnblendedCost';
        /** Access key id; omit to use the default AWS credential chain (IRSA, instance role). */
        accessKeyId?: string;
        /**
         * Secret access key, with accessKeyId.
         * @visibility secret
         */
        secretAccessKey?: string;
        /**
         * Session token for temporary credentials.
         * @visibility secret
         */
        sessionToken?: string;
      };
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
    examples?: {
      /**
       * Feed the example plan documents in `directory` through the ingestion
       * route at startup (the embedded default's demo data). Default false.
       */
      enabled?: boolean;
      /** Folder with `manifest.yaml` and the plan documents, relative to the backend's working directory. */
      directory?: string;
      /** Policy file the plans are evaluated with, as terraform:apply would. */
      policyFile?: string;
    };
  };
}
