import { EnvironmentGrant } from '../catalogue/resolvePersona';
import { fill, Subject } from '../subject';
import { HclBlock, hclExpr, hclIdentifier, renderHcl } from './hcl';
import { FileGrant, RenderedFile } from './types';

/**
 * Cloud IAM for review. `iam/aws`, `iam/gcp` and `iam/azure` are each a
 * Terraform root module; a person has one file there per environment
 * (`<user>.<environment>.tf`: the account assignments, project IAM members
 * or role assignments) and, on AWS, one for their identity (`<user>.tf`:
 * the Identity Center user and group membership). Every block name starts
 * with the person's identifier, so many people's files sit side by side,
 * and deleting a file is how offboarding removes what it granted.
 */

export type Cloud = 'aws' | 'gcp' | 'azure';

function terraformEnvironmentPath(
  subject: Subject,
  cloud: Cloud,
  environment: string,
): string {
  return `iam/${cloud}/${subject.userName}.${environment}.tf`;
}

export function terraformIdentityPath(subject: Subject): string {
  return `iam/aws/${subject.userName}.tf`;
}

function header(subject: Subject, what: string): string[] {
  const { person, persona, team } = subject;
  return [
    `Managed by persona:onboard (Groundwork): ${what}`,
    `of ${person.name ?? person.githubLogin} <${person.email}>, ${
      persona.id
    } in team ${team.name}.`,
    'Offboarding deletes this file; applying the deletion removes the access.',
  ];
}

function resourcePresent(type: string, name: string) {
  const needle = `resource "${type}" "${name}"`;
  return (content: string) => content.includes(needle);
}

function grantsOn(subject: Subject, cloud: Cloud): EnvironmentGrant[] {
  return subject.grants.filter(
    g => g.environment.cloud?.provider === cloud && g[cloud],
  );
}

/** The AWS identity file: Identity Center instance, user, group membership. */
function renderAwsIdentity(subject: Subject): RenderedFile {
  const id = hclIdentifier(subject.userName);
  const { person, config } = subject;
  const identityStoreId = hclExpr(`local.${id}_identity_store_id`);
  const blocks: HclBlock[] = [
    { type: 'data', labels: ['aws_ssoadmin_instances', id], body: [] },
    {
      type: 'locals',
      body: [
        [
          `${id}_instance_arn`,
          hclExpr(`tolist(data.aws_ssoadmin_instances.${id}.arns)[0]`),
        ],
        [
          `${id}_identity_store_id`,
          hclExpr(
            `tolist(data.aws_ssoadmin_instances.${id}.identity_store_ids)[0]`,
          ),
        ],
        [`${id}_user_id`, hclExpr(awsUserIdExpression(subject))],
      ],
    },
  ];
  const grants: FileGrant[] = [];
  if (config.aws.identityStore === 'create') {
    const display = person.name ?? person.githubLogin;
    const [given, ...rest] = display.split(/\s+/);
    blocks.push({
      type: 'resource',
      labels: ['aws_identitystore_user', id],
      body: [
        ['identity_store_id', identityStoreId],
        ['user_name', person.email],
        ['display_name', display],
        {
          type: 'name',
          body: [
            ['given_name', given],
            ['family_name', rest.join(' ') || given],
          ],
        },
        {
          type: 'emails',
          body: [
            ['value', person.email],
            ['primary', true],
          ],
        },
      ],
    });
    grants.push({
      system: 'aws',
      target: `IAM Identity Center user ${person.email}`,
      present: resourcePresent('aws_identitystore_user', id),
    });
  } else {
    // The identity provider owns users (SCIM): look the user up.
    blocks.push({
      type: 'data',
      labels: ['aws_identitystore_user', id],
      body: [
        ['identity_store_id', identityStoreId],
        uniqueAttribute('UserName', person.email),
      ],
    });
  }
  if (config.aws.groupMembership) {
    const group = fill(config.aws.teamGroup, {
      team: subject.team.name,
      persona: subject.persona.id,
    });
    const groupId = hclIdentifier(subject.userName, 'team');
    blocks.push({
      type: 'data',
      labels: ['aws_identitystore_group', groupId],
      body: [
        ['identity_store_id', identityStoreId],
        uniqueAttribute('DisplayName', group),
      ],
    });
    blocks.push({
      type: 'resource',
      labels: ['aws_identitystore_group_membership', groupId],
      body: [
        ['identity_store_id', identityStoreId],
        [
          'group_id',
          hclExpr(`data.aws_identitystore_group.${groupId}.group_id`),
        ],
        ['member_id', hclExpr(`local.${id}_user_id`)],
      ],
    });
    grants.push({
      system: 'aws',
      target: `member of IAM Identity Center group ${group}`,
      present: resourcePresent('aws_identitystore_group_membership', groupId),
    });
  }
  return {
    path: terraformIdentityPath(subject),
    content: renderHcl(header(subject, 'IAM Identity Center identity'), blocks),
    grants,
  };
}

function uniqueAttribute(path: string, value: string): HclBlock {
  return {
    type: 'alternate_identifier',
    body: [
      {
        type: 'unique_attribute',
        body: [
          ['attribute_path', path],
          ['attribute_value', value],
        ],
      },
    ],
  };
}

function awsUserIdExpression(subject: Subject): string {
  const id = hclIdentifier(subject.userName);
  return subject.config.aws.identityStore === 'create'
    ? `aws_identitystore_user.${id}.user_id`
    : `data.aws_identitystore_user.${id}.user_id`;
}

function renderAwsEnvironment(
  subject: Subject,
  grant: EnvironmentGrant,
): RenderedFile {
  const id = hclIdentifier(subject.userName);
  const env = grant.environment;
  const blocks: HclBlock[] = [];
  const grants: FileGrant[] = [];
  for (const name of grant.aws!.permissionSets) {
    const setId = hclIdentifier(subject.userName, env.name, name);
    blocks.push({
      type: 'data',
      labels: ['aws_ssoadmin_permission_set', setId],
      body: [
        ['instance_arn', hclExpr(`local.${id}_instance_arn`)],
        ['name', name],
      ],
    });
    blocks.push({
      type: 'resource',
      labels: ['aws_ssoadmin_account_assignment', setId],
      body: [
        ['instance_arn', hclExpr(`local.${id}_instance_arn`)],
        [
          'permission_set_arn',
          hclExpr(`data.aws_ssoadmin_permission_set.${setId}.arn`),
        ],
        ['principal_id', hclExpr(`local.${id}_user_id`)],
        ['principal_type', 'USER'],
        ['target_id', env.cloud!.account],
        ['target_type', 'AWS_ACCOUNT'],
      ],
    });
    grants.push({
      system: 'aws',
      environment: env.name,
      target: `permission set ${name} on account ${env.cloud!.account}`,
      present: resourcePresent('aws_ssoadmin_account_assignment', setId),
    });
  }
  return {
    path: terraformEnvironmentPath(subject, 'aws', env.name),
    content: renderHcl(
      header(subject, `AWS account assignments in ${env.name}`),
      blocks,
    ),
    grants,
  };
}

function renderGcpEnvironment(
  subject: Subject,
  grant: EnvironmentGrant,
): RenderedFile {
  const env = grant.environment;
  const project = env.cloud!.account;
  const blocks: HclBlock[] = [];
  const grants: FileGrant[] = [];
  for (const role of grant.gcp!.roles) {
    const name = hclIdentifier(subject.userName, env.name, role);
    blocks.push({
      type: 'resource',
      labels: ['google_project_iam_member', name],
      body: [
        ['project', project],
        ['role', role],
        ['member', `user:${subject.person.email}`],
      ],
    });
    grants.push({
      system: 'gcp',
      environment: env.name,
      target: `${role} on project ${project}`,
      present: resourcePresent('google_project_iam_member', name),
    });
  }
  return {
    path: terraformEnvironmentPath(subject, 'gcp', env.name),
    content: renderHcl(
      header(subject, `GCP project IAM in ${env.name}`),
      blocks,
    ),
    grants,
  };
}

function renderAzureEnvironment(
  subject: Subject,
  grant: EnvironmentGrant,
): RenderedFile {
  const env = grant.environment;
  const userId = hclIdentifier(subject.userName, env.name);
  const subscription = env.cloud!.account;
  const blocks: HclBlock[] = [
    {
      type: 'data',
      labels: ['azuread_user', userId],
      body: [['user_principal_name', subject.person.email]],
    },
  ];
  const grants: FileGrant[] = [];
  for (const role of grant.azure!.roles) {
    const name = hclIdentifier(subject.userName, env.name, role);
    blocks.push({
      type: 'resource',
      labels: ['azurerm_role_assignment', name],
      body: [
        ['scope', `/subscriptions/${subscription}`],
        ['role_definition_name', role],
        ['principal_id', hclExpr(`data.azuread_user.${userId}.object_id`)],
      ],
    });
    grants.push({
      system: 'azure',
      environment: env.name,
      target: `${role} on subscription ${subscription}`,
      present: resourcePresent('azurerm_role_assignment', name),
    });
  }
  return {
    path: terraformEnvironmentPath(subject, 'azure', env.name),
    content: renderHcl(
      header(subject, `Azure role assignments in ${env.name}`),
      blocks,
    ),
    grants,
  };
}

/**
 * The person's Terraform files for the environments in scope; the AWS
 * identity file whenever an AWS environment is granted.
 */
export function renderTerraform(subject: Subject): RenderedFile[] {
  const aws = grantsOn(subject, 'aws');
  return [
    ...(aws.length ? [renderAwsIdentity(subject)] : []),
    ...aws.map(g => renderAwsEnvironment(subject, g)),
    ...grantsOn(subject, 'gcp').map(g => renderGcpEnvironment(subject, g)),
    ...grantsOn(subject, 'azure').map(g => renderAzureEnvironment(subject, g)),
  ];
}
