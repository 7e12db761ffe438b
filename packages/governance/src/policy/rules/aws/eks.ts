import { asStringList, blocks } from '../../../plan/values';
import { fail, hiddenUntilApply, pass, resourceRule } from '../helpers';

const EKS = ['aws_eks_cluster'];
const REQUIRED_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
];

export const eksPublicEndpoint = resourceRule(
  {
    id: 'GW-AWS-024',
    title: 'EKS API endpoints are not open to the internet',
    severity: 'high',
    resourceTypes: EKS,
    rationale:
      'The Kubernetes API is the keys to the cluster. A public endpoint open to 0.0.0.0/0 leaves ' +
      'only authentication between the internet and the control plane.',
    remediation: {
      text: 'Disable the public endpoint, or restrict public_access_cidrs to known ranges.',
      terraform: [
        'resource "aws_eks_cluster" "main" {',
        '  # ...',
        '  vpc_config {',
        '    subnet_ids              = var.private_subnet_ids',
        '    endpoint_private_access = true',
        '    endpoint_public_access  = false',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_39', 'CKV_AWS_38'],
      cis: ['CIS Amazon EKS Benchmark v1.4.0 5.4.2'],
    },
  },
  (cluster, ctx) => {
    const pub = ctx.read(cluster, ['vpc_config', 0, 'endpoint_public_access']);
    if (pub.state === 'unknown' && pub.configured)
      return hiddenUntilApply('endpoint_public_access');
    // The provider and EKS default the public endpoint to on, open to 0.0.0.0/0.
    const isPublic =
      pub.state === 'unknown' || pub.value === null || pub.value === true;
    if (!isPublic) return pass('The public endpoint is disabled.');
    const cidrs = ctx.read(cluster, ['vpc_config', 0, 'public_access_cidrs']);
    if (cidrs.state === 'unknown' && cidrs.configured)
      return hiddenUntilApply('public_access_cidrs');
    const list = cidrs.state === 'known' ? asStringList(cidrs.value) : [];
    if (list.length === 0 || list.includes('0.0.0.0/0')) {
      return fail('The API endpoint is public and open to 0.0.0.0/0.');
    }
    return pass(`The public endpoint is restricted to ${list.join(', ')}.`);
  },
);

export const eksSecretsEncryption = resourceRule(
  {
    id: 'GW-AWS-025',
    title: 'EKS encrypts Kubernetes secrets with KMS',
    severity: 'high',
    resourceTypes: EKS,
    rationale:
      'Envelope encryption keeps secrets unreadable in etcd backups and snapshots without the KMS key.',
    remediation: {
      text: 'Add an encryption_config for the secrets resource.',
      terraform: [
        'resource "aws_eks_cluster" "main" {',
        '  # ...',
        '  encryption_config {',
        '    resources = ["secrets"]',
        '    provider {',
        '      key_arn = aws_kms_key.eks.arn',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_58'],
      cis: ['CIS Amazon EKS Benchmark v1.4.0 5.3.1'],
    },
  },
  (cluster, ctx) => {
    const read = ctx.read(cluster, ['encryption_config']);
    if (read.state === 'unknown') {
      return read.configured
        ? hiddenUntilApply('encryption_config')
        : fail('No encryption_config: secrets are not envelope-encrypted.');
    }
    const covers = blocks(read.value).some(b =>
      asStringList(b.resources).includes('secrets'),
    );
    return covers
      ? pass('Secrets are encrypted with KMS.')
      : fail('No encryption_config covers "secrets".');
  },
);

export const eksControlPlaneLogging = resourceRule(
  {
    id: 'GW-AWS-026',
    title: 'EKS control-plane logging is enabled for every log type',
    severity: 'medium',
    resourceTypes: EKS,
    rationale:
      'API server, audit and authenticator logs show who did what in the cluster; without them ' +
      'a compromised credential leaves no trace.',
    remediation: {
      text: `Enable ${REQUIRED_LOG_TYPES.join(', ')}.`,
      terraform: `resource "aws_eks_cluster" "main" {\n  # ...\n  enabled_cluster_log_types = ${JSON.stringify(
        REQUIRED_LOG_TYPES,
      )}\n}`,
    },
    references: {
      checkov: ['CKV_AWS_37'],
      cis: ['CIS Amazon EKS Benchmark v1.4.0 2.1.1'],
    },
  },
  (cluster, ctx) => {
    const read = ctx.read(cluster, ['enabled_cluster_log_types']);
    if (read.state === 'unknown' && read.configured)
      return hiddenUntilApply('enabled_cluster_log_types');
    const enabled = read.state === 'known' ? asStringList(read.value) : [];
    const missing = REQUIRED_LOG_TYPES.filter(t => !enabled.includes(t));
    return missing.length === 0
      ? pass('Every control-plane log type is enabled.')
      : fail(`Control-plane log types not enabled: ${missing.join(', ')}.`);
  },
);
