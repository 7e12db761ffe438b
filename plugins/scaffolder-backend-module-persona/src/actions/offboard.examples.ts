import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Offboard a developer from a fetched access repository and open the pull request that removes their access',
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
          id: 'offboard',
          action: 'persona:offboard',
          name: 'Offboard Ada',
          input: {
            person: {
              email: 'ada@example.com',
              githubLogin: 'ada-lovelace',
            },
            persona: 'developer',
            team: 'group:default/payments',
            endDate: '2026-06-30',
            outputDir: 'access',
          },
        },
        {
          id: 'pr',
          action: 'publish:github:pull-request',
          name: 'Open the pull request',
          input: {
            repoUrl: 'github.com?owner=acme&repo=access',
            branchName: 'offboard-ada-lovelace',
            title: 'Offboard Ada Lovelace',
            description: '${{ steps.offboard.output.summary }}',
            sourcePath: 'access',
            filesToDelete: '${{ steps.offboard.output.filesToDelete }}',
          },
        },
      ],
    }),
  },
];
