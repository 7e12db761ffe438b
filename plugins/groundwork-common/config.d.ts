export interface Config {
  /** Settings every Groundwork plugin shares. */
  groundwork?: {
    /**
     * Currency of budgets and estimates (ISO 4217); estimates are in USD.
     * @visibility frontend
     */
    currency?: string;
    /**
     * The stages a service moves through, declared once for every plugin:
     * platform status, terraform:apply, argocd:create-app and persona:onboard.
     * @visibility frontend
     */
    environments?: Array<{
      /**
       * Short name used in annotations and templates, e.g. `prod`.
       * @visibility frontend
       */
      name: string;
      /**
       * Human name, e.g. `Production`.
       * @visibility frontend
       */
      title?: string;
      /**
       * Production environments get the stricter policy threshold and need approval for write access.
       * @visibility frontend
       */
      production?: boolean;
      /**
       * Default monthly budget; an entity's `groundwork.dev/budgets` annotation overrides it.
       * @visibility frontend
       */
      monthlyBudget?: number;
      /**
       * The DNS zone the environment's external-dns manages, e.g.
       * `dev.example.com` (the environment template's DNS domain). A public
       * service is served there as `<service>.<dnsZone>`; new-service needs it
       * for every environment a public service runs in.
       */
      dnsZone?: string;
      /** Name of the Argo CD instance (argocd.instances[].name) that delivers to this environment. */
      argocdInstance?: string;
      /**
       * How the _New environment_ template gives the environment's cluster
       * its delivery. `in-cluster`: it installs Argo CD (Helm) into the new
       * cluster, which syncs its own add-ons. `central` (default): it
       * registers the cluster with `argocdInstance` (argocd:register-cluster)
       * and the add-ons target it. Central Argo CD reaches the cluster
       * keylessly, as the identity below, which the cluster layer grants
       * cluster-admin; no token crosses the portal.
       */
      delivery?: {
        /** `in-cluster` or `central`. Default `central`. */
        mode?: 'in-cluster' | 'central';
        /** AWS (central): IAM role the central Argo CD's pods assume (IRSA) to reach EKS. */
        awsRoleArn?: string;
        /** GCP (central): Google service account the central Argo CD runs as (Workload Identity). */
        gcpServiceAccount?: string;
        /** Azure (central): the central Argo CD's managed identity, for workload identity. */
        azureIdentity?: {
          /** Client (application) id of the managed identity. */
          clientId: string;
          /** Object (principal) id, given the AKS RBAC Cluster Admin role. */
          principalId: string;
          /** Tenant of the identity. */
          tenantId: string;
        };
      };
      /** The cloud account the environment lives in. */
      cloud?: {
        /** `aws`, `gcp` or `azure`. */
        provider: 'aws' | 'gcp' | 'azure';
        /** AWS account id, GCP project id or Azure subscription id. */
        account: string;
        /** Default region, e.g. `eu-west-1`. */
        region?: string;
        /**
         * GCP only: the billing account (`01ABCD-23EF45-6789AB`) that new
         * services' budgets are set on (a GCP budget belongs to a billing
         * account, not to a project). Without it the new-service template
         * refuses GCP environments.
         */
        billingAccount?: string;
      };
    }>;
    /**
     * Who may do what in Groundwork's default permission policy
     * (plugins/permission-backend-module-groundwork). Every value is a Group
     * entity ref; a person's groups are the ones the catalog lists them as a
     * direct member of when they sign in.
     * @visibility frontend
     */
    permissions?: {
      /**
       * Platform administrators: may act on every entity, edit templates,
       * run dry runs and read every task.
       * @visibility frontend
       */
      adminGroups?: string[];
      /**
       * Approve access requests (privileged personas, production write,
       * a team the requester is not in). Nobody approves their own request.
       * @visibility frontend
       */
      approverGroups?: string[];
      /**
       * May change production environments (groundwork.environments[].production):
       * plan and apply their infrastructure, deliver to them. Defaults to adminGroups.
       * @visibility frontend
       */
      productionGroups?: string[];
    };
    /**
     * Preview services: a service New service (templates/new-service) makes
     * with a time to live, destroyed with everything it made in its one
     * non-production environment when `groundwork.dev/expires-at` passes
     * (templates/service-teardown).
     */
    previews?: {
      /**
       * The longest time to live, in hours, a new service may ask for;
       * a longer one is refused before anything is created. Default 168
       * (a week).
       * @visibility frontend
       */
      maxTtlHours?: number;
    };
  };
}
