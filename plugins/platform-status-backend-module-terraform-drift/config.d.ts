export interface Config {
  platformStatus?: {
    drift?: {
      /**
       * HCP Terraform (or Terraform Enterprise) for reading health
       * assessments; each key falls back to `terraform.hcp.*`. Without a
       * token the module adds no drift source.
       */
      hcp?: {
        /** Host, e.g. `app.terraform.io` (the default) or a Terraform Enterprise host. */
        host?: string;
        /**
         * A team or user token that can read the workspaces; the drifted
         * attributes need admin access to them (HashiCorp refuses an
         * assessment's JSON output to organization tokens).
         * @visibility secret
         */
        token?: string;
      };
      /**
       * The `terraform plan -refresh-only` check of `s3://` and `gs://`
       * states. It runs Terraform, with the cloud credentials of
       * `terraform.environment.passThrough`, inside the portal's backend,
       * on code read from each entity's repository: off unless turned on.
       */
      cli?: {
        /** Run the CLI drift check (default false). */
        enabled?: boolean;
      };
    };
  };
}
