import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Refuse to tear down anything but an expired preview service (or one whose owner asks), and say what New service made for it',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'groundwork:expiry:check',
          name: 'Check that the service may be torn down',
          input: { entityRef: '${{ parameters.entityRef }}' },
        },
      ],
    }),
  },
];
