import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Render a new service's workload.yaml into each environment's overlay, after the skeleton wrote it and deploy/environments.yaml",
    example: yaml.stringify({
      steps: [
        {
          id: 'workload',
          action: 'groundwork:workload:render',
          name: 'Render what the service declares it needs',
          input: { service: '${{ parameters.name }}' },
        },
      ],
    }),
  },
  {
    description:
      'A repository that keeps its manifests elsewhere: every path is relative to the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'workload',
          action: 'groundwork:workload:render',
          name: 'Render the workload',
          input: {
            service: 'payments',
            workloadPath: 'services/payments/workload.yaml',
            environmentsPath: 'services/payments/environments.yaml',
            overlaysPath: 'services/payments/overlays',
          },
        },
      ],
    }),
  },
];
