import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Lay out a checked module for the factory and open the pull request with the stock GitHub action',
    example: yaml.stringify({
      steps: [
        {
          id: 'prepare',
          action: 'module-factory:prepare-pull-request',
          name: 'Prepare the pull request',
          input: {
            module: 'aws-network',
            path: './module',
            version: '1.3.0',
            changeType: 'feature',
            summary: 'Add the nat_gateway_mode input.',
            report:
              '### Module structure\n\n(the report of module-factory:check)',
          },
        },
        {
          id: 'pr',
          action: 'publish:github:pull-request',
          name: 'Open the pull request',
          input: {
            repoUrl: '${{ steps.prepare.output.repoUrl }}',
            branchName: '${{ steps.prepare.output.branchName }}',
            title: '${{ steps.prepare.output.title }}',
            description: '${{ steps.prepare.output.description }}',
            sourcePath: '${{ steps.prepare.output.sourcePath }}',
            targetPath: '${{ steps.prepare.output.targetPath }}',
            filesToDelete: '${{ steps.prepare.output.filesToDelete }}',
            teamReviewers: '${{ steps.prepare.output.teamReviewers }}',
            commitMessage: '${{ steps.prepare.output.commitMessage }}',
            update: true,
          },
        },
      ],
    }),
  },
];
