import fs from 'node:fs';
import { HcpStandIn, planFixturePath } from '@groundwork/stand-in-test-utils';
import { HcpAssessmentSource } from './HcpAssessmentSource';

const TOKEN = 'team-token';
const ORG_TOKEN = 'org-token';
// A real plan with resource_drift (Terraform 1.0.11, infracost's test suite).
const DRIFT_PLAN = planFixturePath(
  '06b-infracost-instance_with_attachment_after_deploy.json',
);

const target = (workspace: string) => ({
  entityRef: 'component:default/payments-api',
  environment: 'prod',
  stateLocation: `hcp:acme/${workspace}`,
});

describe('HcpAssessmentSource against the HCP Terraform stand-in', () => {
  const hcp = new HcpStandIn({
    token: TOKEN,
    organizationToken: ORG_TOKEN,
    planFile: DRIFT_PLAN,
  });
  const source = (token = TOKEN) =>
    new HcpAssessmentSource({
      baseUrl: hcp.url,
      token,
      retries: 0,
    });

  beforeAll(async () => {
    await hcp.start();
    hcp.addWorkspace('acme', 'payments-prod');
    hcp.addWorkspace('acme', 'payments-staging');
    hcp.addWorkspace('acme', 'payments-dev');
    hcp.addWorkspace('acme', 'payments-qa');
    hcp.setAssessment('acme', 'payments-prod', {
      drifted: true,
      succeeded: true,
      createdAt: '2026-12-07T06:00:00+00:00',
      resourcesDrifted: 2,
      resourcesUndrifted: 10,
      jsonPlan: JSON.parse(fs.readFileSync(DRIFT_PLAN, 'utf8')),
    });
    hcp.setAssessment('acme', 'payments-staging', {
      drifted: false,
      succeeded: true,
      createdAt: '2026-12-07T05:00:00+00:00',
      resourcesDrifted: 0,
      resourcesUndrifted: 12,
    });
    hcp.setAssessment('acme', 'payments-qa', {
      drifted: false,
      succeeded: false,
      errorMessage: 'Error: No valid credential sources found',
      createdAt: '2026-12-07T05:30:00+00:00',
    });
  });
  afterAll(() => hcp.stop());
  afterEach(() => hcp.api.assertNoViolations());

  it('covers hcp:<org>/<workspace> locations only', () => {
    expect(source().covers('hcp:acme/payments-prod')).toBe(true);
    expect(source().covers('s3://acme-tfstate/payments/prod.tfstate')).toBe(
      false,
    );
    expect(source().covers('hcp:acme')).toBe(false);
  });

  it('reads a drifted assessment with the changed attributes from its JSON output', async () => {
    const result = await source().check(target('payments-prod'));
    expect(result).toEqual({
      result: 'drifted',
      checkedAt: '2026-12-07T06:00:00.000Z',
      url: `${hcp.url}/app/acme/workspaces/payments-prod`,
      reason: undefined,
      resources: [
        // tags went from null to {}: the same to a reader, not listed.
        {
          address: 'aws_default_subnet.default',
          action: 'update',
          attributes: [],
        },
        {
          address: 'aws_instance.ec2',
          action: 'update',
          attributes: ['ebs_block_device[0]'],
        },
      ],
    });
  });

  it('reads an assessment without drift as in sync', async () => {
    expect(await source().check(target('payments-staging'))).toEqual({
      result: 'in-sync',
      resources: [],
      checkedAt: '2026-12-07T05:00:00.000Z',
      url: `${hcp.url}/app/acme/workspaces/payments-staging`,
    });
  });

  it('is unknown, saying to enable health assessments, when the workspace has none (404)', async () => {
    const result = await source().check(target('payments-dev'));
    expect(result.result).toBe('unknown');
    expect(result.reason).toContain(
      'Health assessments are off for the HCP Terraform workspace acme/payments-dev: enable them',
    );
  });

  it('is unknown with HCP’s error when the assessment failed', async () => {
    const result = await source().check(target('payments-qa'));
    expect(result).toMatchObject({
      result: 'unknown',
      reason:
        "HCP Terraform's last health assessment of acme/payments-qa failed: Error: No valid credential sources found.",
    });
  });

  it('is unknown for a workspace that does not exist', async () => {
    const result = await source().check(target('nope'));
    expect(result.result).toBe('unknown');
    expect(result.reason).toContain('HCP Terraform has no workspace acme/nope');
  });

  it('still says drifted when an organization token may not read the details', async () => {
    const result = await source(ORG_TOKEN).check(target('payments-prod'));
    expect(result).toMatchObject({ result: 'drifted', resources: [] });
    expect(result.reason).toContain(
      'HCP Terraform reports 2 drifted resource(s) in acme/payments-prod',
    );
    expect(result.reason).toContain('not an organization token');
  });
});
