import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Pick the next version of aws-network from the factory's tags for a new feature",
    example: yaml.stringify({
      steps: [
        {
          id: 'version',
          action: 'module-factory:next-version',
          name: 'Pick the version',
          input: { module: 'aws-network', changeType: 'feature' },
        },
      ],
    }),
  },
  {
    description:
      'Pick the version from tags given by the template (no call to GitHub)',
    example: yaml.stringify({
      steps: [
        {
          id: 'version',
          action: 'module-factory:next-version',
          name: 'Pick the version',
          input: {
            module: 'aws-network',
            changeType: 'breaking',
            existingTags: [
              'aws-network/v1.4.2',
              'aws-network/v1.5.0',
              'aws-eks/v3.0.0',
            ],
          },
        },
      ],
    }),
  },
];
