import type { PlanResource } from '../../../plan/types';
import type { RuleContext, RuleOutcome } from '../../types';
import { fail, pass, resourceRule } from '../helpers';
import { iamMembers, iamRole, iamTypes } from './support';

const HIERARCHY = iamTypes(
  'google_project',
  'google_folder',
  'google_organization',
);
const IAM_DOCS =
  'https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam';

/** Judges a grant by its role alone. */
function byRole(judge: (role: string, grant: PlanResource) => RuleOutcome) {
  return (grant: PlanResource, ctx: RuleContext) => {
    const role = iamRole(grant, ctx);
    return typeof role === 'string' ? judge(role, grant) : role;
  };
}

const scopeOf = (grant: PlanResource) =>
  grant.type.replace(/^google_/, '').replace(/_iam_(member|binding)$/, '');

const BASIC_ROLES = ['roles/owner', 'roles/editor', 'roles/viewer'];

export const gcpNoBasicRoles = resourceRule(
  {
    id: 'GW-GCP-053',
    title:
      'Basic roles (Owner, Editor, Viewer) are not granted on projects, folders or organizations',
    severity: 'high',
    resourceTypes: HIERARCHY,
    rationale:
      'Basic roles span thousands of permissions across every service; Editor alone can read most ' +
      'data and change most resources. Predefined roles grant what a job needs.',
    remediation: {
      text: 'Replace the basic role with predefined roles for the services the principal uses.',
      terraform:
        'resource "google_project_iam_member" "deployer" {\n  project = var.project_id\n  role    = "roles/run.developer"\n  member  = "group:deployers@example.com"\n}',
    },
    references: {
      checkov: ['CKV_GCP_117', 'CKV_GCP_116', 'CKV_GCP_115'],
      docs: [IAM_DOCS],
    },
  },
  byRole((role, grant) =>
    BASIC_ROLES.includes(role)
      ? fail(`role is the basic role ${role} at ${scopeOf(grant)} level.`)
      : pass(`role ${role} is not a basic role.`),
  ),
);

/** Roles that let a principal act as, or mint credentials for, any service account below. */
const IMPERSONATION_ROLES = [
  'roles/iam.serviceAccountUser',
  'roles/iam.serviceAccountTokenCreator',
  'roles/iam.serviceAccountAdmin',
  'roles/iam.serviceAccountKeyAdmin',
  'roles/iam.workloadIdentityUser',
];

export const gcpNoBroadImpersonation = resourceRule(
  {
    id: 'GW-GCP-054',
    title:
      'Service account impersonation roles are granted per service account, not on projects, folders or organizations',
    severity: 'high',
    resourceTypes: HIERARCHY,
    rationale:
      'Service Account User or Token Creator on a project lets the holder act as every service ' +
      'account in it, including the most privileged; grant them on the one account needed.',
    remediation: {
      text: 'Grant the role on the service account with google_service_account_iam_member.',
      terraform:
        '# Not google_project_iam_member on the project: grant on the one account.\nresource "google_service_account_iam_member" "deployer_uses_runtime" {\n  service_account_id = google_service_account.runtime.name\n  role               = "roles/iam.serviceAccountUser"\n  member             = "group:deployers@example.com"\n}',
    },
    references: {
      checkov: ['CKV_GCP_41', 'CKV_GCP_49', 'CKV_GCP_44', 'CKV_GCP_45'],
      cis: ['CIS GCP Foundations v2.0.0 1.6'],
      docs: [IAM_DOCS],
    },
  },
  byRole((role, grant) =>
    IMPERSONATION_ROLES.includes(role)
      ? fail(
          `role ${role} is granted at ${scopeOf(
            grant,
          )} level: the principal can act as every service account there.`,
        )
      : pass(`role ${role} does not impersonate service accounts.`),
  ),
);

const isUserManagedServiceAccount = (member: string) =>
  member.startsWith('serviceAccount:') &&
  member.endsWith('.iam.gserviceaccount.com');
const isAdminRole = (role: string) =>
  role === 'roles/owner' ||
  role === 'roles/editor' ||
  role.toLowerCase().includes('admin');

export const gcpServiceAccountNotAdmin = resourceRule(
  {
    id: 'GW-GCP-055',
    title: 'Service accounts hold no admin, Owner or Editor role on projects',
    severity: 'high',
    resourceTypes: iamTypes('google_project'),
    rationale:
      'Service account keys and tokens leak through CI logs and workloads; an admin role on the ' +
      'project turns one leak into control of the project.',
    remediation: {
      text: 'Give the service account the narrow predefined roles its workload calls.',
      terraform:
        'resource "google_project_iam_member" "app_sql" {\n  project = var.project_id\n  role    = "roles/cloudsql.client"\n  member  = "serviceAccount:${google_service_account.app.email}"\n}',
    },
    references: {
      checkov: ['CKV_GCP_42'],
      cis: ['CIS GCP Foundations v2.0.0 1.5'],
      docs: [IAM_DOCS],
    },
  },
  (grant, ctx) => {
    const role = iamRole(grant, ctx);
    if (typeof role !== 'string') return role;
    if (!isAdminRole(role)) return pass(`role ${role} is not an admin role.`);
    const members = iamMembers(grant, ctx);
    if (!Array.isArray(members)) return members;
    const accounts = members.filter(isUserManagedServiceAccount);
    return accounts.length > 0
      ? fail(`role ${role} is granted to ${accounts.join(', ')}.`)
      : pass(`role ${role} is held by no service account here.`);
  },
);

const isDefaultServiceAccount = (member: string) =>
  member.endsWith('-compute@developer.gserviceaccount.com') ||
  member.endsWith('@appspot.gserviceaccount.com');

export const gcpNoDefaultServiceAccountGrants = resourceRule(
  {
    id: 'GW-GCP-056',
    title:
      'Default service accounts are not granted roles on projects, folders or organizations',
    severity: 'medium',
    resourceTypes: HIERARCHY,
    rationale:
      'The Compute Engine and App Engine default accounts run every workload that does not name ' +
      'its own; roles granted to them reach all those workloads at once.',
    remediation: {
      text: 'Create a dedicated service account per workload and grant roles to it.',
      terraform:
        'resource "google_project_iam_member" "worker" {\n  project = var.project_id\n  role    = "roles/pubsub.subscriber"\n  member  = "serviceAccount:${google_service_account.worker.email}"\n}',
    },
    references: {
      checkov: ['CKV_GCP_46', 'CKV_GCP_47', 'CKV_GCP_48'],
      docs: [IAM_DOCS],
    },
  },
  (grant, ctx) => {
    const members = iamMembers(grant, ctx);
    if (!Array.isArray(members)) return members;
    const defaults = members.filter(isDefaultServiceAccount);
    return defaults.length > 0
      ? fail(
          `${String(
            grant.after?.role,
          )} is granted to the default service account ${defaults.join(
            ', ',
          )} (member/members).`,
        )
      : pass('No default service account among the members.');
  },
);
