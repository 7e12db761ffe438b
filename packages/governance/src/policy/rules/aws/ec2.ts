import { expectAttribute, pass, resourceRule } from '../helpers';

export const imdsV2 = resourceRule(
  {
    id: 'GW-AWS-018',
    title: 'EC2 instances require IMDSv2',
    severity: 'high',
    resourceTypes: ['aws_instance', 'aws_launch_template'],
    rationale:
      'IMDSv1 answers any request that reaches 169.254.169.254, so one SSRF bug hands out the ' +
      'instance role credentials. IMDSv2 requires a session token.',
    remediation: {
      text: 'Require tokens in metadata_options.',
      terraform: [
        'resource "aws_instance" "web" {',
        '  # ...',
        '  metadata_options {',
        '    http_endpoint = "enabled"',
        '    http_tokens   = "required"',
        '  }',
        '}',
      ].join('\n'),
    },
    references: {
      checkov: ['CKV_AWS_79'],
      cis: ['CIS AWS Foundations v3.0.0 5.6'],
    },
  },
  (instance, ctx) => {
    const endpoint = ctx.read(instance, [
      'metadata_options',
      0,
      'http_endpoint',
    ]);
    if (endpoint.state === 'known' && endpoint.value === 'disabled') {
      return pass('The metadata endpoint is disabled.');
    }
    return expectAttribute(
      ctx,
      instance,
      ['metadata_options', 0, 'http_tokens'],
      {
        label: 'metadata_options.http_tokens',
        compliant: v => v === 'required',
        passMessage: 'IMDSv2 is required',
        failMessage:
          'IMDSv1 is allowed: metadata_options.http_tokens is not "required"',
        // The provider leaves it to the AMI, which for most AMIs means "optional".
        providerDefault: 'optional',
      },
    );
  },
);
