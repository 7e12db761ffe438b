export interface Config {
  argocd?: {
    /**
     * GitOps mode of argocd:create-app: where Application manifests are
     * committed for an app-of-apps to pick up. The repository is reached
     * through the portal's GitHub integration (integrations.github).
     */
    gitops?: {
      /** Repository URL, e.g. `https://github.com/acme/gitops`. */
      repository: string;
      /** Branch the app-of-apps watches (default `main`). */
      baseBranch?: string;
      /** `pull-request` (default) proposes each change; `commit` pushes to baseBranch. */
      mode?: 'commit' | 'pull-request';
      /**
       * Path of an Application manifest. Tokens: {name}, {appNamespace},
       * {environment}, {instance}, {project}, {namespace} (destination),
       * {entityKind}, {entityNamespace}, {entityName}.
       * Default `apps/{instance}/{environment}/{name}.yaml`.
       */
      applicationPath?: string;
      /** Path of an AppProject manifest (projectMode create). Default `projects/{instance}/{project}.yaml`. */
      projectPath?: string;
      /** `metadata.namespace` of the manifests: the Argo CD control-plane namespace (default `argocd`). */
      namespace?: string;
      /** Prefix of pull-request branches (default `backstage/argocd/`). */
      branchPrefix?: string;
      /** Commit author; default: the integration's identity. */
      author?: {
        name: string;
        email: string;
      };
    };
  };
}
