import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Find the image the environment before staging runs, and write the staging overlay pinning it under ./promotion for a pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'groundwork:promotion:resolve',
          name: 'Resolve the promotion',
          input: {
            entityRef: '${{ parameters.component }}',
            environment: 'staging',
            targetPath: 'promotion',
          },
        },
      ],
    }),
  },
];
