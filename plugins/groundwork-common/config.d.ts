export interface Config {
  groundwork?: {
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
  };
}
