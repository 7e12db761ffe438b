import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Register a new EKS cluster with the environment's central Argo CD, which reaches it as its own IAM role (delivery.awsRoleArn)",
    example: stringify({
      steps: [
        {
          id: 'register-cluster',
          action: 'argocd:register-cluster',
          name: 'Register the cluster with Argo CD',
          input: {
            entityRef: 'resource:default/environment-dev',
            environment: 'dev',
            name: 'platform-dev',
            server: '${{ steps.cluster.output.outputs.cluster_endpoint }}',
            caData:
              '${{ steps.cluster.output.outputs.cluster_certificate_authority }}',
            auth: { provider: 'aws', clusterName: 'platform-dev' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a GKE cluster, scoped to one Argo CD project, authenticated by workload identity',
    example: stringify({
      steps: [
        {
          id: 'register-cluster',
          action: 'argocd:register-cluster',
          input: {
            instance: 'central',
            entityRef: 'resource:default/environment-lab',
            environment: 'lab',
            name: 'platform-lab',
            server: 'https://34.77.10.1',
            caData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
            auth: { provider: 'gcp' },
            project: 'platform-lab',
          },
        },
      ],
    }),
  },
];
