export interface Config {
  /** Settings of the `terraform:apply` scaffolder action. */
  terraform?: {
    /**
     * The Terraform or OpenTofu binary: a name looked up on the backend's
     * PATH, or an absolute path. Default `terraform`.
     */
    binary?: string;
    /**
     * `terraform` or `tofu`. Defaults from the binary's name (`tofu` when it
     * ends in `tofu`, else `terraform`); recorded in platform-status reports.
     */
    flavour?: 'terraform' | 'tofu';
    /**
     * Oldest version accepted, checked with `version -json` before anything
     * runs. Default `1.5.0` (`1.6.0` for OpenTofu, its first release).
     */
    minimumVersion?: string;
    /**
     * A provider plugin cache shared by every run (`TF_PLUGIN_CACHE_DIR`),
     * so repeated runs do not download providers again. Created if missing.
     */
    pluginCacheDir?: string;
    /** Which of the backend's environment variables Terraform may see. */
    environment?: {
      /**
       * Names passed through to Terraform, or prefixes ending in `*`
       * (`AWS_*`, `ARM_*`, `GOOGLE_*`): cloud credentials for providers and
       * state backends. Nothing else is inherited beyond PATH, HOME, locale,
       * time zone, temp dir, proxy and CA settings. Values of passed
       * variables whose names suggest a secret (KEY, SECRET, TOKEN,
       * PASSWORD, CREDENTIAL) are redacted from the log.
       */
      passThrough?: string[];
    };
    /** Time limits. */
    timeouts?: {
      /** Default limit of a whole run when a step sets no `timeoutMinutes`. Default 60. */
      defaultMinutes?: number;
      /** Largest `timeoutMinutes` a template may ask for. Default 240. */
      maxMinutes?: number;
      /**
       * After SIGINT (cancellation or timeout), how long Terraform may take
       * to finish in-flight operations and release the state lock before it
       * is killed. Default 60.
       */
      cancelGraceSeconds?: number;
      /** `-lock-timeout` for plan and apply: how long to wait for a held state lock. Default 0. */
      lockTimeoutSeconds?: number;
    };
    /** Policy settings of the governance gate. */
    policy?: {
      /**
       * Default policy file (YAML or JSON, `@groundwork/governance` format)
       * for environments that name none.
       */
      file?: string;
      /**
       * What a template's `policy` input may do: `none` (refused), `tighten`
       * (default: stricter thresholds, more rules, higher severities, more
       * required tags; no waivers) or `any` (waivers and relaxations too).
       */
      inputOverrides?: 'none' | 'tighten' | 'any';
    };
    /**
     * The executor of environments `terraform.environments` does not list,
     * and of those that name none: `cli` (default) or `hcp`.
     */
    defaultExecutor?: 'cli' | 'hcp';
    /**
     * What config decides per environment, keyed by the names in
     * `groundwork.environments` (which also say which one is production and
     * its monthly budget). A step only selects among what is listed here.
     */
    environments?: {
      [name: string]: {
        /**
         * The state backend of runs that select none. Checked at startup:
         * `s3` (with `encrypt` and a lock), `gcs`, `azurerm`, `remote` or
         * `cloud` (with `workspaces.name`); `local`, other types and
         * credentials in settings are refused. String settings may use
         * `{kind}`, `{namespace}`, `{name}`, `{environment}` and
         * `{workingDirectory}`. The setting that names the state (`key` for
         * s3 and azurerm, `prefix` for gcs, `workspaces.name` for remote and
         * cloud) must hold `{kind}`, `{namespace}`, `{name}` and
         * `{environment}`, each followed by a character it cannot contain
         * (`/`), with `{workingDirectory}` last; default
         * `{kind}/{namespace}/{name}/{environment}/{workingDirectory}.tfstate`.
         */
        backend?: {
          /** `s3`, `gcs`, `azurerm`, `remote` or `cloud`. */
          type: string;
          /**
           * Backend settings, as in the backend block. No credentials: they
           * come from the passed-through environment.
           */
          settings?: {
            [key: string]:
              | string
              | number
              | boolean
              | { [key: string]: string | string[] };
          };
        };
        /**
         * Further state backends a step may select by name
         * (`backend: <name>`), checked as `backend` is.
         */
        backends?: {
          [name: string]: {
            /** `s3`, `gcs`, `azurerm`, `remote` or `cloud`. */
            type: string;
            /** Backend settings, as in the backend block; no credentials. */
            settings?: {
              [key: string]:
                | string
                | number
                | boolean
                | { [key: string]: string | string[] };
            };
          };
        };
        /** Failures at or above this severity block: overrides the policy file. Default `high` in production, `critical` elsewhere. */
        gateThreshold?: 'critical' | 'high' | 'medium' | 'low';
        /** What happens when the estimate exceeds the environment's monthly budget. Default `block` in production, `warn` elsewhere. */
        budgetAction?: 'block' | 'warn';
        /** Policy file for this environment; overrides `terraform.policy.file`. */
        policyFile?: string;
        /** Executor of runs that select none; default `terraform.defaultExecutor`. */
        executor?: 'cli' | 'hcp';
        /**
         * Executors a step may select with `executor`; must include
         * `executor`. Default: `executor` alone.
         */
        executors?: Array<'cli' | 'hcp'>;
        /** HCP Terraform settings of this environment, over `terraform.hcp`'s. */
        hcp?: {
          /** Organization of this environment's workspaces. */
          organization?: string;
          /**
           * Workspace name pattern, as `terraform.hcp.workspaceName`.
           */
          workspaceName?: string;
        };
        /**
         * Constructs that run programs or commands, or read beyond the
         * working directory, when Terraform plans or applies, that runs in
         * this environment may use: `external` (`data "external"`),
         * `local-exec` and `remote-exec` (provisioners), `remote-state`
         * (`data "terraform_remote_state"`), `files-outside` (`file()`,
         * `templatefile()`, `fileset()` and the other file functions, the
         * local and archive providers, and local module sources, with a path
         * that is not a literal inside the working directory). Default: none.
         * Dry runs never run any of them.
         */
        allowPlanTimeCode?: Array<
          | 'external'
          | 'local-exec'
          | 'remote-exec'
          | 'remote-state'
          | 'files-outside'
        >;
      };
    };
    /** HCP Terraform or Terraform Enterprise, for the `hcp` executor. */
    hcp?: {
      /**
       * Host name (`app.terraform.io`, the default, or a Terraform
       * Enterprise host), or a base URL with scheme and port.
       */
      host?: string;
      /**
       * A team or user API token (organization tokens cannot create runs).
       * @visibility secret
       */
      token?: string;
      /** Organization of the workspaces, unless an environment names its own. */
      organization?: string;
      /**
       * Workspace name pattern: must hold `{kind}`, `{namespace}`, `{name}`
       * and `{environment}`, each but the last followed by a character it
       * cannot contain, and only letters, digits, `-` and `_` besides.
       * Default `{kind}_{namespace}_{environment}_{name}`.
       */
      workspaceName?: string;
      /** Longest pause between two polls of a run, in seconds (backoff starts at 1). Default 10. */
      maxPollIntervalSeconds?: number;
    };
  };
  groundwork?: {
    /**
     * Live list prices for the gate's cost estimate, from the AWS Price
     * List Query API, the Azure Retail Prices API and the Google Cloud
     * Billing Catalog API, stored in the scaffolder's database and
     * refreshed on a schedule (one replica runs it). Without, or when a
     * provider has no snapshot, the shipped price table is used; the task
     * log names which, with its date and age.
     */
    prices?: {
      /** Fetch and use live prices. @default false */
      live?: boolean;
      /** How often the refresh runs, and how long it may take. */
      schedule?: {
        /** @default { hours: 24 } */
        frequency?: { [unit: string]: number } | string;
        /** @default { minutes: 15 } */
        timeout?: { [unit: string]: number } | string;
        /** @default { minutes: 1 } */
        initialDelay?: { [unit: string]: number } | string;
      };
      /**
       * Regions to fetch, per provider (`us-east-1`, `eastus`,
       * `us-central1`); a provider without regions is not asked.
       */
      regions?: {
        aws?: string[];
        azure?: string[];
        gcp?: string[];
      };
      gcp?: {
        /**
         * A Google Cloud API key allowed to call the Cloud Billing API
         * (needed for gcp regions). Never logged.
         * @visibility secret
         */
        apiKey?: string;
      };
      /**
       * A snapshot older than this is still used, but the task log calls
       * it stale. @default 7
       */
      maxAgeDays?: number;
    };
  };
}
