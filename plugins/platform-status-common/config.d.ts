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
      /** The cloud account the environment lives in. */
      cloud?: {
        /** `aws`, `gcp` or `azure`. */
        provider: 'aws' | 'gcp' | 'azure';
        /** AWS account id, GCP project id or Azure subscription id. */
        account: string;
        /** Default region, e.g. `eu-west-1`. */
        region?: string;
      };
    }>;
  };
}
