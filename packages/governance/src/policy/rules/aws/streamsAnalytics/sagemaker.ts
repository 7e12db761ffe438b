import { resourceRule } from '../../helpers';
import { expectSet, expectValue, tfDoc } from '../identityAudit/support';

const DOCS = [tfDoc('aws_sagemaker_notebook_instance')];
const notebook = (body: string) =>
  `resource "aws_sagemaker_notebook_instance" "research" {\n  name          = "research"\n  role_arn      = aws_iam_role.notebook.arn\n  instance_type = "ml.t3.medium"\n${body}\n}`;

export const sagemakerNoDirectInternet = resourceRule(
  {
    id: 'GW-AWS-319',
    title: 'SageMaker notebooks have no direct internet access',
    severity: 'high',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      "With direct internet access the notebook can send data anywhere, bypassing the VPC's egress " +
      'controls; notebooks often hold copies of training data.',
    remediation: {
      text: 'Set direct_internet_access = "Disabled" and a subnet_id (egress then goes through the VPC).',
      terraform: notebook(
        '  subnet_id              = var.private_subnet_id\n  security_groups        = [aws_security_group.notebook.id]\n  direct_internet_access = "Disabled"',
      ),
    },
    references: { checkov: ['CKV_AWS_122'], docs: DOCS },
  },
  (nb, ctx) =>
    expectValue(ctx, nb, ['direct_internet_access'], {
      label: 'direct_internet_access',
      compliant: v => v === 'Disabled',
      providerDefault: 'Enabled',
      passMessage: 'direct_internet_access is Disabled',
      failMessage: 'direct_internet_access is Enabled; set it to "Disabled"',
    }),
);

export const sagemakerKms = resourceRule(
  {
    id: 'GW-AWS-320',
    title:
      'SageMaker notebook volumes are encrypted with a customer managed KMS key',
    severity: 'medium',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      "The notebook's ML storage volume holds datasets and credentials typed into notebooks; a " +
      'customer managed key lets the team control and audit who can decrypt it.',
    remediation: {
      text: 'Set kms_key_id.',
      terraform: notebook('  kms_key_id = aws_kms_key.sagemaker.arn'),
    },
    references: { checkov: ['CKV_AWS_22', 'CKV_AWS_187'], docs: DOCS },
  },
  (nb, ctx) =>
    expectSet(
      ctx,
      nb,
      ['kms_key_id'],
      'kms_key_id',
      'Encrypted with kms_key_id',
      'kms_key_id is not set; set a customer managed key',
    ),
);

export const sagemakerInVpc = resourceRule(
  {
    id: 'GW-AWS-321',
    title: "SageMaker notebooks run in the team's VPC",
    severity: 'medium',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      'Without a subnet the notebook runs in a SageMaker-managed network where security groups, ' +
      'flow logs and VPC endpoints of the team do not apply.',
    remediation: {
      text: 'Set subnet_id and security_groups.',
      terraform: notebook(
        '  subnet_id       = var.private_subnet_id\n  security_groups = [aws_security_group.notebook.id]',
      ),
    },
    references: { checkov: ['CKV_AWS_306'], docs: DOCS },
  },
  (nb, ctx) =>
    expectSet(
      ctx,
      nb,
      ['subnet_id'],
      'subnet_id',
      'Runs in a VPC subnet (subnet_id)',
      'subnet_id is not set; launch the notebook into a VPC subnet',
    ),
);

export const sagemakerNoRoot = resourceRule(
  {
    id: 'GW-AWS-322',
    title: 'SageMaker notebook users have no root access',
    severity: 'medium',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      "Root on the notebook lets a user change its software and reach the instance role's " +
      'credentials in ways lifecycle configurations cannot control.',
    remediation: {
      text: 'Set root_access = "Disabled".',
      terraform: notebook('  root_access = "Disabled"'),
    },
    references: { checkov: ['CKV_AWS_307'], docs: DOCS },
  },
  (nb, ctx) =>
    expectValue(ctx, nb, ['root_access'], {
      label: 'root_access',
      compliant: v => v === 'Disabled',
      providerDefault: 'Enabled',
      passMessage: 'root_access is Disabled',
      failMessage: 'root_access is Enabled; set it to "Disabled"',
    }),
);

export const sagemakerImdsV2 = resourceRule(
  {
    id: 'GW-AWS-323',
    title: 'SageMaker notebooks allow only IMDSv2',
    severity: 'medium',
    resourceTypes: ['aws_sagemaker_notebook_instance'],
    rationale:
      'IMDSv1 answers any request from the instance, so a server-side request forgery in notebook ' +
      "code can read the role's credentials; IMDSv2 needs a session token.",
    remediation: {
      text: 'Set instance_metadata_service_configuration.minimum_instance_metadata_service_version = "2".',
      terraform: notebook(
        '  instance_metadata_service_configuration {\n    minimum_instance_metadata_service_version = "2"\n  }',
      ),
    },
    references: { checkov: ['CKV_AWS_371'], docs: DOCS },
  },
  (nb, ctx) =>
    expectValue(
      ctx,
      nb,
      [
        'instance_metadata_service_configuration',
        0,
        'minimum_instance_metadata_service_version',
      ],
      {
        label:
          'instance_metadata_service_configuration.minimum_instance_metadata_service_version',
        compliant: v => String(v) === '2',
        providerDefault: '1',
        passMessage: 'minimum_instance_metadata_service_version is 2',
        failMessage:
          'instance_metadata_service_configuration.minimum_instance_metadata_service_version is not "2"; set it to "2"',
      },
    ),
);
