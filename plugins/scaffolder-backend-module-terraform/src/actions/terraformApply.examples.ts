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
      'Apply to prod with a state backend config names for it (terraform.environments.prod.backends.shared-services), and a database password from the task secrets (passed as TF_VAR_db_password, redacted everywhere)',
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
            backend: 'shared-services',
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
      "Run on HCP Terraform, in the organization and workspace config gives the entity in prod (the environment's executors must include hcp)",
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
            secretVars: { db_password: '${{ secrets.dbPassword }}' },
          },
        },
      ],
    }),
  },
  {
    description:
      'Destroy a throw-away preview whose environment has no state backend in config, so its state stayed in the task workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'teardown',
          action: 'terraform:apply',
          name: 'Tear down the preview',
          input: {
            workingDirectory: 'preview',
            entityRef: 'component:default/payments-api',
            environment: 'preview',
            destroy: true,
            allowLocalState: true,
          },
        },
      ],
    }),
  },
];
