import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Onboard a developer into their team, every environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'onboard',
          action: 'persona:onboard',
          name: 'Onboard Ada',
          input: {
            person: {
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              githubLogin: 'ada-lovelace',
            },
            persona: 'developer',
            team: 'group:default/payments',
            startDate: '2026-01-05',
            manager: 'user:default/grace.hopper',
          },
        },
      ],
    }),
  },
  {
    description:
      'Onboard an SRE for staging and prod into a fetched access repository, then open the pull request',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain',
          name: 'Fetch the access repository',
          input: {
            url: 'https://github.com/acme/access/tree/main',
            targetPath: 'access',
          },
        },
        {
          id: 'onboard',
          action: 'persona:onboard',
          name: 'Onboard Grace',
          input: {
            person: {
              name: 'Grace Hopper',
              email: 'grace@example.com',
              githubLogin: 'grace-hopper',
            },
            persona: 'sre',
            team: 'group:default/platform',
            environments: ['staging', 'prod'],
            startDate: '2026-02-02',
            outputDir: 'access',
          },
        },
        {
          id: 'pr',
          action: 'publish:github:pull-request',
          name: 'Open the access pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=access',
            branchName: 'onboard-grace-hopper',
            title: 'Onboard Grace Hopper (sre)',
            description: '${{ steps.onboard.output.summary }}',
            sourcePath: 'access',
          },
        },
      ],
    }),
  },
];
