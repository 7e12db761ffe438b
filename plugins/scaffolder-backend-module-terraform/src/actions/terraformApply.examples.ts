import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Apply the infra/ directory of the fetched skeleton to dev, with the environment's default backend from app-config",
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'terraform:apply',
          name: 'Provision dev infrastructure',
          input: {
            workingDirectory: 'infra',
            entityRef: 'component:default/payments-api',
            environment: 'dev',
            vars: { service_name: 'payments-api', instance_count: 2 },
          },
        },
      ],
    }),
  },
  {
    description:
      'Apply to prod with an explicit S3 backend and a database password from the task secrets (passed as TF_VAR_db_password, redacted everywhere)',
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'terraform:apply',
          name: 'Provision prod infrastructure',
          input: {
            workingDirectory: 'infra',
            entityRef: 'component:default/payments-api',
            environment: 'prod',
            vars: { service_name: 'payments-api' },
            secretVars: { db_password: '${{ secrets.dbPassword }}' },
            backend: {
              type: 's3',
              settings: {
                bucket: 'acme-tfstate',
                key: '{namespace}/{name}/{environment}.tfstate',
                region: 'eu-west-1',
                encrypt: true,
                use_lockfile: true,
              },
            },
            timeoutMinutes: 30,
          },
        },
      ],
    }),
  },
  {
    description:
      "Plan, gate and estimate only, with a stricter policy than the environment's (the cost estimate is in the step outputs)",
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'terraform:apply',
          name: 'Preview the network layer',
          input: {
            workingDirectory: 'layers/network',
            entityRef: 'resource:default/network-staging',
            environment: 'staging',
            planOnly: true,
            policy: {
              blockingThreshold: 'high',
              rules: { 'GW-AWS-017': { severity: 'critical' } },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Run on HCP Terraform in a named workspace (created when missing)',
    example: yaml.stringify({
      steps: [
        {
          id: 'infra',
          action: 'terraform:apply',
          name: 'Provision on HCP Terraform',
          input: {
            workingDirectory: 'infra',
            entityRef: 'component:default/payments-api',
            environment: 'prod',
            executor: 'hcp',
            hcp: { organization: 'acme', workspace: 'payments-api-prod' },
            secretVars: { db_password: '${{ secrets.dbPassword }}' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Destroy a throw-away preview environment that kept its state locally',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'terraform:apply',
          name: 'Tear down the preview',
          input: {
            workingDirectory: 'preview',
            entityRef: 'component:default/payments-api',
            environment: 'dev',
            destroy: true,
            allowLocalState: true,
          },
        },
      ],
    }),
  },
];
