import type {
  DriftCheckResult,
  DriftSource,
  DriftTarget,
} from '@groundwork/plugin-platform-status-node';
import { HcpClient } from '@groundwork/plugin-groundwork-node';
import { parseHcpLocation } from './hcpLocation';
import { driftCount, driftedResources, MAX_RESOURCES } from './resourceDrift';

export interface HcpAssessmentOptions {
  /** `https://app.terraform.io`, or a Terraform Enterprise host. */
  baseUrl: string;
  /** A team or user token that can read the workspaces (admin for the drift details). */
  token: string;
  /** For tests: retries of a failed GET (default the client's). */
  retries?: number;
  retryBaseMs?: number;
}

/**
 * Drift from HCP Terraform's health assessments: for an environment whose
 * state is `hcp:<org>/<workspace>`, the workspace's current assessment
 * result (drifted, resources-drifted) and its JSON plan's `resource_drift`
 * for the changed attributes. HCP Terraform runs the assessments (about
 * daily); this only reads them, so it never takes the state lock.
 */
export class HcpAssessmentSource implements DriftSource {
  readonly id = 'hcp-assessment' as const;
  private readonly client: HcpClient;

  constructor(private readonly options: HcpAssessmentOptions) {
    this.client = new HcpClient({
      baseUrl: options.baseUrl,
      token: options.token,
      retries: options.retries,
      retryBaseMs: options.retryBaseMs,
    });
  }

  covers(stateLocation: string): boolean {
    return parseHcpLocation(stateLocation) !== undefined;
  }

  async check(
    target: DriftTarget,
    signal?: AbortSignal,
  ): Promise<DriftCheckResult> {
    const { organization, workspace } = parseHcpLocation(target.stateLocation)!;
    const name = `${organization}/${workspace}`;
    const url = `${this.options.baseUrl}/app/${organization}/workspaces/${workspace}`;
    const ws = await this.client.findWorkspace(organization, workspace);
    if (!ws) {
      return {
        result: 'unknown',
        resources: [],
        reason: `HCP Terraform has no workspace ${name}, or the portal's token cannot see it: check groundwork.dev/terraform-state on the entity and the token's team access.`,
      };
    }
    const assessment = await this.client.currentAssessmentResult(ws.id, signal);
    if (!assessment) {
      const off = ws.attributes['assessments-enabled'] === false;
      return {
        result: 'unknown',
        resources: [],
        url,
        reason: off
          ? `Health assessments are off for the HCP Terraform workspace ${name}: enable them in its settings (Settings > Health, HCP Terraform Standard or Premium) or for the organization, or check this environment with the CLI drift source.`
          : `HCP Terraform has not run a health assessment of ${name} yet (they need health assessments enabled, a successful apply and remote or agent execution); the next one shows here.`,
      };
    }
    const a = assessment.attributes;
    const checkedAt = new Date(a['created-at']).toISOString();
    if (!a.succeeded) {
      return {
        result: 'unknown',
        resources: [],
        url,
        checkedAt,
        reason: `HCP Terraform's last health assessment of ${name} failed${
          a['error-msg'] ? `: ${a['error-msg']}` : ''
        }.`,
      };
    }
    if (!a.drifted) {
      return { result: 'in-sync', resources: [], url, checkedAt };
    }
    const drifted = a['resources-drifted'] ?? 0;
    let json: Buffer | undefined;
    try {
      json = await this.client.assessmentJson(assessment.id);
    } catch (error) {
      return {
        result: 'drifted',
        resources: [],
        url,
        checkedAt,
        reason: `HCP Terraform reports ${drifted} drifted resource(s) in ${name}, but would not give the details (${
          (error as Error).message
        }); the assessment's JSON output needs a user or team token with admin access to the workspace, not an organization token.`,
      };
    }
    const plan = json ? JSON.parse(json.toString('utf8')) : undefined;
    const resources = driftedResources(plan);
    const total = driftCount(plan);
    return {
      result: 'drifted',
      resources,
      url,
      checkedAt,
      reason:
        total > MAX_RESOURCES
          ? `${total} resources drifted; the first ${MAX_RESOURCES} are listed.`
          : undefined,
    };
  }
}
