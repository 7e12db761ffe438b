export interface Config {
  /**
   * The Terraform module factory: one GitHub repository holding reusable
   * modules, one folder per module, released as tags `<module>/v<semver>`.
   */
  moduleFactory?: {
    /**
     * The factory repository, e.g. `https://github.com/acme/terraform-modules`.
     * Its host must have a GitHub integration (integrations.github) whose
     * credentials can read tags and open pull requests.
     */
    repository: string;
    /** Branch pull requests target and versions are read from. Defaults to `main`. */
    baseBranch?: string;
    /**
     * Versions the software templates consume, per module folder name:
     * `{ aws-baseline: 1.2.0, aws-network: 2.0.1 }`. Raising a pin here
     * upgrades every service and environment scaffolded afterwards.
     */
    versions?: { [module: string]: string };
    /** Team slugs asked to review every module pull request, e.g. `platform`. */
    teamReviewers?: string[];
  };
}
