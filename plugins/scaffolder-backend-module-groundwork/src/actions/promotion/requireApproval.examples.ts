import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Hold a promotion into production until a second person approves it (other environments pass)',
    example: yaml.stringify({
      steps: [
        {
          id: 'approval',
          action: 'groundwork:promotion:require-approval',
          name: 'Wait for approval in production',
          input: {
            entityRef: '${{ steps.resolve.output.entityRef }}',
            environment: '${{ steps.resolve.output.environment }}',
            previousEnvironment:
              '${{ steps.resolve.output.previousEnvironment }}',
            imageTag: '${{ steps.resolve.output.imageTag }}',
          },
        },
      ],
    }),
  },
];
