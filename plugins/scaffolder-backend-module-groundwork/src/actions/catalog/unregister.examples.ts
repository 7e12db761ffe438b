import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Remove a torn-down preview service's catalog entry (its origin location, with every entity of its catalog-info.yaml)",
    example: yaml.stringify({
      steps: [
        {
          id: 'unregister',
          action: 'groundwork:catalog:unregister',
          name: 'Remove it from the catalog',
          input: { entityRef: '${{ steps.check.output.entityRef }}' },
        },
      ],
    }),
  },
];
