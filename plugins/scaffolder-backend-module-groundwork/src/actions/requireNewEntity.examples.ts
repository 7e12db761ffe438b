import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Stop a new-service template before it creates anything when the catalog already has a component of that name',
    example: yaml.stringify({
      steps: [
        {
          id: 'require-new',
          action: 'groundwork:entity:require-new',
          name: 'Check that the name is free',
          input: {
            entityRef: 'component:default/${{ parameters.name }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'A template that creates a System in a namespace of its own: kind and namespace are part of the reference',
    example: yaml.stringify({
      steps: [
        {
          id: 'require-new',
          action: 'groundwork:entity:require-new',
          name: 'Check that the system is new',
          input: {
            entityRef:
              'system:${{ parameters.namespace }}/${{ parameters.name }}',
          },
        },
      ],
    }),
  },
];
