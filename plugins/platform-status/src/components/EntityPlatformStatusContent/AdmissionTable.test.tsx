import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  AdmissionFinding,
  EntityStatusResponse,
} from '@groundwork/plugin-platform-status-common';
import { EntityPlatformStatusContent } from './EntityPlatformStatusContent';
import {
  hoursAgo,
  paymentsApi,
  paymentsApiStatus,
} from '../../__testUtils__/fixtures';
import { renderOnEntityPage, statusBackend } from '../../__testUtils__/render';

jest.setTimeout(30_000);

const HOSTILE = '<img src=x onerror="window.pwned=1"> not from our registries';

const finding = (f: Partial<AdmissionFinding>): AdmissionFinding => ({
  ruleId: 'require-labels/autogen-owner-cost-center-environment',
  policy: 'require-labels',
  rule: 'autogen-owner-cost-center-environment',
  engine: 'kyverno',
  result: 'fail',
  severity: 'medium',
  address: 'Deployment payments-api/payments-api',
  resourceType: 'apps/v1/Deployment',
  message: 'label groundwork.dev/owner is required',
  scored: true,
  ...f,
});

/** payments-api with dev's cluster read, staging's unreadable, prod's unconfigured. */
function withAdmission(): EntityStatusResponse {
  const status = paymentsApiStatus();
  for (const env of status.environments) {
    if (env.name === 'dev') {
      env.compliance.admission = {
        state: 'ok',
        cluster: 'dev-eks',
        failed: { critical: 0, high: 1, medium: 1, low: 0 },
        findings: [
          finding({
            ruleId: 'restrict-image-registries/autogen-own-registries',
            policy: 'restrict-image-registries',
            severity: 'high',
            message: HOSTILE,
          }),
          finding({}),
          finding({
            ruleId:
              'disallow-privileged-containers/autogen-privileged-containers',
            result: 'pass',
            severity: 'high',
            message: 'passed',
          }),
        ],
        asOf: hoursAgo(1),
      };
    }
    if (env.name === 'staging') {
      const message =
        'The cluster "staging-eks" does not let the token list /apis/wgpolicyk8s.io/v1alpha2/policyreports (403 Forbidden)';
      env.compliance.admission = {
        state: 'error',
        cluster: 'staging-eks',
        failed: { critical: 0, high: 0, medium: 0, low: 0 },
        findings: [],
        error: message,
      };
      env.errors.push({ source: 'admission', message, at: hoursAgo(1) });
    }
  }
  return status;
}

describe('in-cluster (admission) findings on the entity page', () => {
  it('labels them as in-cluster, apart from the plan-time findings, and never shows an unreadable cluster as passing', async () => {
    const { client } = statusBackend(() => withAdmission());
    await renderOnEntityPage(<EntityPlatformStatusContent />, {
      entity: paymentsApi,
      client,
    });
    const admission = await screen.findByTestId('platform-status-admission');
    expect(
      within(admission).getByText(
        "In-cluster findings (admission: the clusters' policy reports)",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Plan-time compliance findings (Terraform plan)'),
    ).toBeInTheDocument();
    // The plan-time table holds none of the cluster's rules.
    expect(
      within(screen.getByTestId('platform-status-compliance')).queryByText(
        /restrict-image-registries/,
      ),
    ).toBeNull();

    // Failures first; the passing one only on request.
    const rules = () =>
      within(admission)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[1]?.textContent);
    expect(rules()).toEqual([
      'restrict-image-registries/autogen-own-registriesIn cluster · kyverno · dev-eks',
      'require-labels/autogen-owner-cost-center-environmentIn cluster · kyverno · dev-eks',
    ]);
    // A hostile message is text, not markup.
    expect(within(admission).getByText(HOSTILE)).toBeInTheDocument();
    expect(admission.querySelector('img')).toBeNull();
    await userEvent.click(
      within(admission).getByLabelText('Show passing in-cluster findings (1)'),
    );
    expect(rules()).toHaveLength(3);

    expect(
      screen.getByTestId('platform-status-admission-dev'),
    ).toHaveTextContent('1 high failing in cluster');
    const staging = screen.getByTestId('platform-status-admission-staging');
    expect(staging).toHaveTextContent('Collection failed');
    expect(staging.querySelector('[data-status]')).toHaveAttribute(
      'data-status',
      'error',
    );
    expect(
      screen.getByTestId('platform-status-admission-prod'),
    ).toHaveTextContent('Not configured');
  });
});
