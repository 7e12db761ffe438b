import { screen, within } from '@testing-library/react';
import type { EntityStatusResponse } from '@groundwork/plugin-platform-status-common';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import {
  environment,
  hoursAgo,
  paymentsApi,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

jest.setTimeout(30_000);

/** dev healthy but drifted, staging in sync, prod's check could not tell. */
function driftStatus(): EntityStatusResponse {
  const resources = Array.from({ length: 12 }, (_, i) => ({
    address: `aws_s3_bucket.logs[${i}]`,
    action: 'update',
    attributes: ['tags.owner'],
  }));
  return {
    entityRef: 'component:default/payments-api',
    warnings: [],
    generatedAt: hoursAgo(0),
    environments: [
      environment('dev', 0, {
        drift: {
          state: 'ok',
          result: 'drifted',
          source: 'cli-refresh-only',
          stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
          resources: [
            {
              address: 'aws_security_group.api',
              action: 'update',
              attributes: ['ingress[0].cidr_blocks[0]', 'tags.owner'],
            },
            {
              address: 'aws_sqs_queue.events',
              action: 'delete',
              attributes: [],
            },
            ...resources,
          ],
          checkedAt: hoursAgo(1),
        },
      }),
      environment('staging', 1, {
        drift: {
          state: 'ok',
          result: 'in-sync',
          source: 'hcp-assessment',
          stateLocation: 'hcp:acme/payments-api-staging',
          resources: [],
          checkedAt: hoursAgo(3),
          url: 'https://app.terraform.io/app/acme/workspaces/payments-api-staging/health',
        },
      }),
      environment('prod', 2, {
        drift: {
          state: 'ok',
          result: 'unknown',
          source: 'hcp-assessment',
          stateLocation: 'hcp:acme/payments-api-prod',
          resources: [],
          checkedAt: hoursAgo(1),
          reason:
            'Health assessments are off for the workspace acme/payments-api-prod; enable them in its settings.',
        },
      }),
    ],
  };
}

describe('drift on the environment row', () => {
  it('shows the drift label and the changed attributes, and a drifted environment needs attention', async () => {
    const { client } = statusBackend(() => driftStatus());
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const dev = await screen.findByTestId('platform-status-drift-dev');
    expect(dev).toHaveTextContent(
      'Drifted: 14 resources changed outside Terraform',
    );
    expect(dev.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'failing',
    );
    const list = within(dev).getByRole('list', {
      name: 'Drifted resources in dev',
    });
    const items = within(list)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(items[0]).toBe(
      'aws_security_group.api: ingress[0].cidr_blocks[0], tags.owner',
    );
    expect(items[1]).toBe('aws_sqs_queue.events (delete)');
    // Ten listed, the rest counted.
    expect(items).toHaveLength(11);
    expect(items[10]).toBe('and 4 more');
    expect(dev).toHaveTextContent('by terraform plan -refresh-only');

    // Every other source of dev is healthy: drift alone makes it failing.
    const matrix = screen.getByTestId('platform-status-matrix');
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map(h => h.textContent),
    ).toEqual([
      expect.stringMatching(/^DevelopmentdevFailing/),
      expect.stringMatching(/^StagingstagingHealthy/),
      expect.stringMatching(/^ProductionprodAt risk/),
    ]);

    const staging = screen.getByTestId('platform-status-drift-staging');
    expect(staging).toHaveTextContent('In sync with Terraform');
    expect(
      within(staging).getByRole('link', { name: /Open the drift check/ }),
    ).toHaveAttribute(
      'href',
      'https://app.terraform.io/app/acme/workspaces/payments-api-staging/health',
    );

    const prod = screen.getByTestId('platform-status-drift-prod');
    expect(prod).toHaveTextContent('Drift unknown');
    expect(prod).toHaveTextContent('enable them in its settings');
  });

  it('shows nothing for an environment without a Terraform state location', async () => {
    const status = driftStatus();
    status.environments[0].drift = { state: 'not-configured', resources: [] };
    const { client } = statusBackend(() => status);
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    await screen.findByTestId('platform-status-drift-staging');
    expect(screen.queryByTestId('platform-status-drift-dev')).toBeNull();
  });

  it('says what turns the check on when the drift source covering the state is off', async () => {
    const status = driftStatus();
    status.environments[0].drift = {
      state: 'not-configured',
      stateLocation: 's3://acme-tfstate/payments-api/dev.tfstate',
      resources: [],
      reason:
        "Drift of s3:// and gs:// states is checked by running terraform plan -refresh-only in the portal's backend, which is off: set platformStatus.drift.cli.enabled: true to turn it on.",
    };
    const { client } = statusBackend(() => status);
    renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const dev = await screen.findByTestId('platform-status-drift-dev');
    expect(dev).toHaveTextContent('Not configured');
    expect(dev).toHaveTextContent(
      'set platformStatus.drift.cli.enabled: true to turn it on',
    );
  });
});
