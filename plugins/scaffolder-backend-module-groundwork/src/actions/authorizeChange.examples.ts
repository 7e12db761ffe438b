import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Refuse a new service before its repository is created when the person may not change every environment it asks for (production, say)',
    example: yaml.stringify({
      steps: [
        {
          id: 'authorize',
          action: 'groundwork:entity:authorize-change',
          name: 'Check that you may change these environments',
          input: {
            entityRef: 'component:default/${{ parameters.name }}',
            environments: '${{ parameters.environments }}',
          },
        },
      ],
    }),
  },
];
