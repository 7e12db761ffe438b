import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the dev Application of a component from its Git repository and wait until it is healthy',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'argocd:create-app',
          name: 'Deliver to dev',
          input: {
            name: 'payments-dev',
            entityRef: 'component:default/payments',
            environment: 'dev',
            source: {
              repoURL: 'https://github.com/acme/payments',
              targetRevision: 'main',
              path: 'deploy/overlays/dev',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'payments-dev',
            },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=true'],
            },
            waitFor: 'healthy',
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
  {
    description:
      'Deploy a Helm chart into its own new project on a named instance, with the resources finalizer',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'argocd:create-app',
          name: 'Deliver to prod',
          input: {
            instance: 'prod',
            name: 'payments-prod',
            entityRef: 'component:default/payments',
            environment: 'prod',
            project: 'payments',
            projectMode: 'create',
            projectSpec: {
              description: 'Payments team',
              sourceRepos: ['https://charts.acme.dev'],
              destinations: [
                {
                  server: 'https://kubernetes.default.svc',
                  namespace: 'payments-*',
                },
              ],
            },
            source: {
              repoURL: 'https://charts.acme.dev',
              chart: 'payments',
              targetRevision: '1.4.2',
              helm: {
                releaseName: 'payments',
                valuesObject: { replicaCount: 3 },
                parameters: [{ name: 'image.tag', value: '1.4.2' }],
              },
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'payments-prod',
            },
            syncPolicy: {
              automated: { prune: false, selfHeal: true },
              retry: {
                limit: 5,
                backoff: { duration: '10s', factor: 2, maxDuration: '3m' },
              },
            },
            finalizer: true,
            waitFor: 'synced',
          },
        },
      ],
    }),
  },
  {
    description:
      "Add a new service to its team's shared dev project (created if missing), keeping what the team's other services put there",
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'argocd:create-app',
          name: 'Deliver to dev in the team project',
          input: {
            name: 'ledger-dev',
            entityRef: 'component:default/ledger',
            environment: 'dev',
            project: 'payments-dev',
            projectMode: 'merge',
            projectSpec: {
              description: 'Payments team, dev',
              clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
            },
            source: {
              repoURL: 'https://github.com/acme/ledger',
              targetRevision: 'main',
              path: 'deploy/overlays/dev',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'ledger-dev',
            },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              syncOptions: ['CreateNamespace=true'],
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Propose the Application as a pull request to the GitOps repository an app-of-apps watches',
    example: stringify({
      steps: [
        {
          id: 'deploy',
          action: 'argocd:create-app',
          name: 'Propose delivery to staging',
          input: {
            mode: 'gitops',
            name: 'payments-staging',
            entityRef: 'component:default/payments',
            environment: 'staging',
            source: {
              repoURL: 'https://github.com/acme/payments',
              targetRevision: 'main',
              path: 'deploy/overlays/staging',
              kustomize: { images: ['ghcr.io/acme/payments:1.4.2'] },
            },
            destination: { name: 'in-cluster', namespace: 'payments-staging' },
            syncPolicy: { automated: { prune: true } },
          },
        },
      ],
    }),
  },
];
