import { createBackend } from '@backstage/backend-defaults';
import { configuredPortalFeatures } from './portal/configuredFeatures';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
// The event bus lets catalog, signals and notifications on several replicas hear each other.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// GitHub sign-in is configured in app-config.production.yaml. Guest sign-in, for
// the embedded default only, is among the features config decides (it also logs
// the start line: sign-in providers, catalog locations, the policy's groups).
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(configuredPortalFeatures);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// Task recovery (scaffolder.taskRecovery): a task whose backend died resumes
// on another replica with the workspace its completed steps left.
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-workspace-database'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Who may do what: groundwork.permissions names the groups (README, "Security model").
backend.add(import('@groundwork/plugin-permission-backend-module-groundwork'));

// Lunr in memory on SQLite; the PostgreSQL engine takes over when the database is PostgreSQL.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
// Notifications also in Slack where notifications.processors.slack gives a
// bot token (a team's channel is its Group's slack.com/bot-notify); without
// it the module sends nothing.
backend.add(import('@backstage/plugin-notifications-backend-module-slack'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// Groundwork
// The hcl template filter and groundwork:entity:require-new, used by every Groundwork template.
backend.add(import('@groundwork/plugin-scaffolder-backend-module-groundwork'));
backend.add(import('@groundwork/plugin-platform-status-backend'));
// Platform status's sources: Argo CD delivery (with argocd.instances), AWS
// Cost Explorer actuals (with platformStatus.cost.aws), Kyverno's policy
// reports as in-cluster compliance (with platformStatus.policyReports.clusters),
// Terraform drift from HCP Terraform's health assessments (with an HCP
// token) and from terraform plan -refresh-only on each entity's repository
// code (off unless platformStatus.drift.cli.enabled), and example plans for
// the demo catalog (off unless platformStatus.examples.enabled).
backend.add(import('@groundwork/plugin-platform-status-backend-module-argocd'));
backend.add(
  import('@groundwork/plugin-platform-status-backend-module-policy-reports'),
);
backend.add(
  import('@groundwork/plugin-platform-status-backend-module-aws-cost'),
);
backend.add(
  import('@groundwork/plugin-platform-status-backend-module-terraform-drift'),
);
backend.add(
  import('@groundwork/plugin-platform-status-backend-module-example-plans'),
);
backend.add(import('@groundwork/plugin-scaffolder-backend-module-terraform'));
backend.add(import('@groundwork/plugin-scaffolder-backend-module-argocd'));
backend.add(import('@groundwork/plugin-scaffolder-backend-module-persona'));
// Access changes and production promotions that need a second person wait
// here until an approver decides.
backend.add(import('@groundwork/plugin-requests-backend'));
backend.add(
  import('@groundwork/plugin-scaffolder-backend-module-persona/requests'),
);
// Production promotions (promote-service) wait here for a second person.
backend.add(
  import('@groundwork/plugin-scaffolder-backend-module-groundwork/requests'),
);
// Waivers and budgets by request, which the terraform:apply gate reads.
backend.add(
  import('@groundwork/plugin-scaffolder-backend-module-terraform/requests'),
);
backend.add(
  import('@groundwork/plugin-scaffolder-backend-module-module-factory'),
);

backend.start();
