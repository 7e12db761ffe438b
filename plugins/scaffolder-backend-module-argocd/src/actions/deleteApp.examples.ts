import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Delete a component's dev Application and its resources (a teardown); an Application already gone is a success",
    example: stringify({
      steps: [
        {
          id: 'argocd',
          action: 'argocd:delete-app',
          name: 'Delete the Argo CD application',
          input: {
            name: 'payments-dev',
            project: 'payments-dev',
            entityRef: 'component:default/payments',
            environment: 'dev',
          },
        },
      ],
    }),
  },
];
