import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Compute a preview service's expiry from the form's optional time to live, before anything is created, and render it into catalog-info.yaml",
    example: yaml.stringify({
      steps: [
        {
          id: 'expiry',
          action: 'groundwork:expiry:stamp',
          name: 'Compute when the preview expires',
          input: {
            ttlHours: '${{ parameters.ttlHours }}',
            environments: '${{ parameters.environments }}',
          },
        },
        {
          id: 'fetch-base',
          action: 'fetch:template',
          name: 'Render the repository',
          input: {
            url: './skeleton',
            values: {
              name: '${{ parameters.name }}',
              expiresAt: '${{ steps.expiry.output.expiresAt }}',
            },
          },
        },
      ],
    }),
  },
];
