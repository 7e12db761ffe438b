import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Resolve pinned module sources and the chosen environments for a template that renders AWS Terraform',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'module-factory:resolve',
          name: 'Resolve modules and environments',
          input: {
            modules: ['aws-baseline', 'aws-service', 'aws-database'],
            environments: ['dev', 'prod'],
            cloud: 'aws',
            budgets: { dev: 150 },
            // A public service: payments-api.<zone> in dev, pay.example.com in prod.
            exposure: 'public',
            service: 'payments-api',
            productionHostname: 'pay.example.com',
          },
        },
      ],
    }),
  },
  {
    description: 'Pin one module to another version than the configured one',
    example: yaml.stringify({
      steps: [
        {
          id: 'resolve',
          action: 'module-factory:resolve',
          name: 'Resolve modules',
          input: {
            modules: ['aws-network'],
            versions: { 'aws-network': '2.0.0' },
          },
        },
      ],
    }),
  },
];
