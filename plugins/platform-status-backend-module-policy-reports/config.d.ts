import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  platformStatus?: {
    /**
     * In-cluster compliance: the policy reports (`wgpolicyk8s.io/v1alpha2`
     * PolicyReport and ClusterPolicyReport) that Kyverno writes in each
     * environment's cluster. Without clusters the module does nothing.
     */
    policyReports?: {
      /** How often every cluster is read. Default every 5 minutes. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Reports per list call (`limit`). Default 100, at most 500. */
      pageSize?: number;
      /**
       * List calls per kind per cluster per cycle; a listing that needs more
       * is an error of that cluster (never a partial pass). Default 20.
       */
      maxPagesPerCycle?: number;
      /**
       * Findings kept per entity and environment, failures first. Default 500.
       */
      maxFindingsPerEntity?: number;
      /** One cluster per environment, named as Backstage's Kubernetes plugin names them. */
      clusters?: Array<{
        /** A name for the cluster, shown with its findings and errors, e.g. `dev-eks`. */
        name: string;
        /** The environment it runs (`groundwork.environments[].name`). */
        environment: string;
        /** The API server, e.g. `https://ABC.gr7.eu-west-1.eks.amazonaws.com`. */
        url: string;
        /**
         * The API server's CA certificate, base64-encoded PEM (the
         * kubeconfig's `certificate-authority-data`). Without it the
         * system's CAs are trusted.
         */
        caData?: string;
        /**
         * A token of the service account the environment template binds to
         * `groundwork-policy-report-reader` (list on policy reports only).
         * @visibility secret
         */
        serviceAccountToken: string;
      }>;
    };
  };
}
