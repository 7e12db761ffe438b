import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Ask for a waiver of one policy rule for a component in one environment until a date; an approver (or the owners, outside production) decides it in the portal',
    example: yaml.stringify({
      steps: [
        {
          id: 'waiver',
          action: 'groundwork:request',
          name: 'Ask for the waiver',
          input: {
            kind: 'waiver',
            reason: '${{ parameters.reason }}',
            payload: {
              entityRef: '${{ parameters.entityRef }}',
              environment: '${{ parameters.environment }}',
              rule: 'GW-AWS-004',
              resource: 'aws_s3_bucket.*',
              expiresAt: '${{ parameters.expiresAt }}',
            },
          },
        },
      ],
      output: {
        links: [
          { title: 'The request', url: '${{ steps.waiver.output.url }}' },
        ],
      },
    }),
  },
  {
    description: 'Ask for a larger monthly budget for a launch, until a date',
    example: yaml.stringify({
      steps: [
        {
          id: 'budget',
          action: 'groundwork:request',
          name: 'Ask for the budget',
          input: {
            kind: 'budget',
            reason: 'Launch week traffic',
            payload: {
              entityRef: 'component:default/ledger',
              environment: 'production',
              monthlyBudget: 2500,
              expiresAt: '2026-12-31T23:59:00Z',
            },
          },
        },
      ],
    }),
  },
];
