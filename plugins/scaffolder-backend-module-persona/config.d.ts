export interface Config {
  groundwork?: {
    /** persona:onboard and persona:offboard (scaffolder-backend-module-persona). */
    persona?: {
      /**
       * Which shipped personas (developer, sre, devops, it-admin, ciso) to
       * start from: true for all, false for none, or a list of their ids.
       * @default true
       */
      includeDefaultPersonas?: boolean | string[];
      /**
       * A YAML file with a top-level `personas` map, merged over the
       * defaults (and under `personas` below). Relative to the backend's
       * working directory.
       */
      personasFile?: string;
      /**
       * Personas by id, merged over the defaults and the personas file:
       * objects merge key by key, lists replace. (app-config drops nulls:
       * withdraw a system with empty lists; null removes only in the
       * personas file.) See the README for the schema.
       */
      personas?: {
        [id: string]: object | null;
      };
      github?: {
        /**
         * The integrations.github host whose credentials are used.
         * @default github.com
         */
        host?: string;
        /** The organization people join. Without it, GitHub is skipped. */
        organization?: string;
        /**
         * Offboarding also removes the organization membership (and so
         * every team membership).
         * @default false
         */
        removeFromOrganization?: boolean;
      };
      catalog?: {
        /** Namespace of the User entities written. @default default */
        namespace?: string;
        /**
         * The User entity's name: the GitHub login (what GitHub sign-in's
         * usernameMatchingUserEntityName resolver matches) or the email's
         * local part.
         * @default githubLogin
         */
        userName?: 'githubLogin' | 'emailLocalPart';
        /**
         * What offboarding does with the User entity file: delete it, or
         * keep it marked offboarded and member of no group.
         * @default remove
         */
        offboard?: 'remove' | 'mark';
      };
      aws?: {
        /**
         * `create` writes the IAM Identity Center user; `lookup` reads it
         * (users provisioned by an identity provider through SCIM).
         * @default create
         */
        identityStore?: 'create' | 'lookup';
        /**
         * Display name of the Identity Center group for the team;
         * placeholders {team} and {persona}.
         * @default {team}
         */
        teamGroup?: string;
        /**
         * Write the team group membership (default: true when
         * identityStore is create, false when the identity provider owns
         * groups).
         */
        groupMembership?: boolean;
      };
      kubernetes?: {
        /**
         * The namespace of the namespaced roles when a persona names none:
         * {services} (every namespace of the team's services in the
         * environment: the destinations of its Argo CD project there), or a
         * pattern with {team}, {environment}.
         * @default {services}
         */
        namespace?: string;
        /**
         * What the RBAC subject (kind User) is named after: the email or
         * the GitHub login, as the cluster's OIDC username claim gives it.
         * @default email
         */
        subject?: 'email' | 'githubLogin';
        /** The API server's --oidc-username-prefix, e.g. "oidc:". */
        subjectPrefix?: string;
      };
      /**
       * Access as code, applied: once a pull request to the access
       * repository merges, a reconciler on the backend's scheduler (one run
       * at a time across replicas) makes its files true. Without this key,
       * nothing applies them.
       */
      access?: {
        /**
         * The access repository: `github.com?owner=<org>&repo=<name>` (as
         * the templates' RepoUrlPicker gives it) or
         * `https://github.com/<org>/<name>`. Read with the credentials of
         * its integrations.github host.
         */
        repository: string;
        /** The branch pull requests merge into. @default the repository's default branch */
        branch?: string;
        /** How often it runs, and how long one run may take. */
        schedule?: {
          /** @default { minutes: 5 } */
          frequency?: { [unit: string]: number } | string;
          /** @default { minutes: 3 } */
          timeout?: { [unit: string]: number } | string;
        };
        github?: {
          /**
           * Slugs of the GitHub teams whose memberships converge to the
           * User files. No other team is ever touched, whatever a file says;
           * in these, only memberships the reconciler granted are removed.
           * persona:onboard and persona:offboard leave these teams to the
           * reconciler: they change once the access pull request merges.
           */
          teams?: string[];
        };
        /**
         * Kubernetes RBAC and the Argo CD policy through Argo CD
         * Applications of the access repository, on the instances of
         * `argocd.instances`. Without it, no Application is created.
         */
        argocd?: {
          /** The AppProject of the access Applications. @default groundwork-access */
          project?: string;
          /** Argo CD's own namespace, where argocd-rbac-cm lives. @default argocd */
          namespace?: string;
          /**
           * The API server each environment's bindings go to (a cluster
           * registered in that environment's Argo CD), by environment name.
           * Default: the environment's cluster, by the name New environment
           * registers it under (`platform-<env>`), or in-cluster for
           * `delivery.mode: in-cluster`.
           */
          destinations?: { [environment: string]: string };
        };
        /**
         * IAM through HCP Terraform workspaces connected to the repository
         * (one per cloud folder, `iam/<cloud>`), with the host and token of
         * `terraform.hcp`.
         */
        terraform?: {
          /** @default terraform.hcp.organization */
          organization?: string;
          /** Workspace name; must hold {cloud}. @default access-iam-{cloud} */
          workspaceName?: string;
          /** How HCP Terraform reads the repository: exactly one of the two. */
          vcs: {
            /** The OAuth token of an HCP Terraform VCS provider (`ot-…`). */
            oauthTokenId?: string;
            /** The HCP Terraform GitHub App installation (`ghain-…`). */
            githubAppInstallationId?: string;
          };
          /** Apply on merge without a second confirmation. @default true */
          autoApply?: boolean;
        };
      };
      argocd?: {
        /**
         * The Argo CD project of a team in an environment; placeholders
         * {team}, {environment}.
         * @default {team}-{environment}
         */
        project?: string;
        /**
         * What the `g` lines bind: the email or the GitHub login, as Argo
         * CD's SSO (scopes in argocd-rbac-cm) names the user.
         * @default email
         */
        subject?: 'email' | 'githubLogin';
      };
    };
  };
}
