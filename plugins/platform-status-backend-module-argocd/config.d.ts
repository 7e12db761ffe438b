import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Instances are read from `argocd` (`@groundwork/plugin-argocd-node`). */
  platformStatus?: {
    argocd?: {
      /**
       * How often every instance in `argocd.instances` is listed (one call
       * each per cycle). Default every 2 minutes.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
