import { expectAttribute, expectTrue, resourceRule } from '../helpers';

const ECR = ['aws_ecr_repository'];

export const ecrScanOnPush = resourceRule(
  {
    id: 'GW-AWS-033',
    title: 'ECR repositories scan images on push',
    severity: 'medium',
    resourceTypes: ECR,
    rationale:
      'Scanning on push reports known CVEs before an image reaches a cluster.',
    remediation: {
      text: 'Enable scan_on_push (or enhanced scanning in the registry configuration).',
      terraform:
        'resource "aws_ecr_repository" "app" {\n  name = "app"\n  image_scanning_configuration {\n    scan_on_push = true\n  }\n}',
    },
    references: { checkov: ['CKV_AWS_163'] },
  },
  (repo, ctx) =>
    expectTrue(
      ctx,
      repo,
      ['image_scanning_configuration', 0, 'scan_on_push'],
      'Scan on push',
    ),
);

export const ecrImmutableTags = resourceRule(
  {
    id: 'GW-AWS-034',
    title: 'ECR repositories use immutable tags',
    severity: 'medium',
    resourceTypes: ECR,
    rationale:
      'With mutable tags, pushing over "v1.2.3" silently changes what every deployment of that ' +
      'tag runs; immutable tags make a tag a fixed release.',
    remediation: {
      text: 'Set image_tag_mutability = "IMMUTABLE".',
      terraform:
        'resource "aws_ecr_repository" "app" {\n  name                 = "app"\n  image_tag_mutability = "IMMUTABLE"\n}',
    },
    references: { checkov: ['CKV_AWS_51'] },
  },
  (repo, ctx) =>
    expectAttribute(ctx, repo, ['image_tag_mutability'], {
      label: 'image_tag_mutability',
      compliant: v => v === 'IMMUTABLE',
      passMessage: 'Tags are immutable',
      failMessage: 'Tags are mutable',
      providerDefault: 'MUTABLE',
    }),
);
