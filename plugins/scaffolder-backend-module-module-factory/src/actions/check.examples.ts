import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check a module fetched into ./module and gate its example plan for every configured environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'module-factory:check',
          name: 'Check the module',
          input: {
            path: './module',
            examplePlan: './module/examples/complete/plan.json',
          },
        },
      ],
    }),
  },
  {
    description:
      'Check the structure only, and gate the plan for production alone',
    example: yaml.stringify({
      steps: [
        {
          id: 'check',
          action: 'module-factory:check',
          name: 'Check the module',
          input: {
            path: './module',
            examplePlan: './module/examples/complete/plan.prod.json',
            environments: ['prod'],
            strict: true,
          },
        },
      ],
    }),
  },
];
