import { InputError } from '@backstage/errors';
import type { RunRequest, TerraformOutput } from '../types';
import { archiveWorkingDirectory } from './archive';
import type { HcpClient } from './HcpClient';
import { pollFor, sleep } from './poll';

/**
 * The HCP Terraform workspace of a run: found or created (remote
 * execution, auto-apply off), its Terraform variables set, the working
 * directory uploaded to it as a configuration version, and the outputs of
 * the state a run left in it.
 */
export class HcpWorkspace {
  constructor(
    private readonly client: HcpClient,
    private readonly org: string,
    private readonly name: string,
    private readonly request: RunRequest,
    private readonly maxPollIntervalMs: number,
  ) {}

  private get log() {
    return this.request.log;
  }

  /** The workspace's id; refuses one that runs Terraform locally. */
  async ensure(): Promise<string> {
    let ws = await this.client.findWorkspace(this.org, this.name);
    if (!ws) {
      ws = await this.client.createWorkspace(this.org, {
        name: this.name,
        'auto-apply': false,
        'execution-mode': 'remote',
        description: `Managed by Backstage terraform:apply for ${this.request.entityRef} (${this.request.environment}).`,
      });
      this.log.info(
        `Created HCP Terraform workspace ${this.org}/${this.name}.`,
      );
    }
    if (ws.attributes['execution-mode'] === 'local') {
      throw new InputError(
        `Workspace ${this.org}/${this.name} uses local execution: HCP Terraform only stores its state. Set its execution mode to remote or agent, or use executor: cli.`,
      );
    }
    return ws.id;
  }

  /**
   * Sets the step's variables, secrets as sensitive. A sensitive value
   * cannot be read back to compare, so it is always written.
   */
  async syncVariables(workspaceId: string) {
    const { vars, secretVars } = this.request;
    const existing = new Map(
      (await this.client.listVars(workspaceId))
        .filter(v => v.attributes.category === 'terraform')
        .map(v => [v.attributes.key as string, v]),
    );
    const wanted: Array<Record<string, unknown>> = [
      ...Object.entries(vars).map(([key, value]) => ({
        key,
        value: typeof value === 'string' ? value : JSON.stringify(value),
        hcl: typeof value !== 'string',
        sensitive: false,
        category: 'terraform',
      })),
      ...Object.entries(secretVars).map(([key, value]) => ({
        key,
        value,
        hcl: false,
        sensitive: true,
        category: 'terraform',
      })),
    ];
    for (const attrs of wanted) {
      const current = existing.get(attrs.key as string);
      if (!current) {
        await this.client.createVar(workspaceId, attrs);
      } else if (
        attrs.sensitive ||
        current.attributes.sensitive ||
        current.attributes.value !== attrs.value ||
        current.attributes.hcl !== attrs.hcl
      ) {
        await this.client.updateVar(workspaceId, current.id, attrs);
      }
    }
    if (wanted.length > 0) {
      this.log.info(
        `Set ${wanted.length} variable(s) on ${this.org}/${this.name} (${
          Object.keys(secretVars).length
        } sensitive).`,
      );
    }
  }

  /** Uploads the working directory and queues a run of it that waits for confirmation; its id. */
  async createRun(workspaceId: string): Promise<string> {
    const { request } = this;
    const archive = await archiveWorkingDirectory(
      request.workingDirectory.absolute,
    );
    const cv = await this.client.createConfigurationVersion(
      workspaceId,
      request.planOnly,
    );
    await this.client.upload(cv.uploadUrl, archive);
    for (let i = 0; ; i++) {
      const status = (await this.client.configurationVersion(cv.id)).attributes
        .status;
      if (status === 'uploaded') break;
      if (status === 'errored' || i > 60) {
        throw new Error(
          `HCP Terraform did not accept the uploaded configuration (status ${status}).`,
        );
      }
      await sleep(Math.min(500 * (i + 1), 3000, this.maxPollIntervalMs));
    }
    this.log.info(
      `Uploaded ${request.workingDirectory.relative} (${archive.length} bytes) as ${cv.id}.`,
    );
    const run = await this.client.createRun(
      {
        message: request.message,
        'auto-apply': false,
        'is-destroy': request.destroy,
        'plan-only': request.planOnly,
      },
      workspaceId,
      cv.id,
    );
    return run.id;
  }

  /** The outputs of the state `runId` applied; none when its state version does not appear. */
  async outputs(
    workspaceId: string,
    runId: string,
  ): Promise<Record<string, TerraformOutput>> {
    // The state version of this run appears shortly after the apply.
    const sv = await pollFor(
      { tries: 10, maxDelayMs: this.maxPollIntervalMs },
      async () => {
        const current = await this.client.currentStateVersion(workspaceId);
        return current && (!current.runId || current.runId === runId)
          ? current
          : undefined;
      },
    );
    if (!sv) {
      this.log.warn(
        `The state version of run ${runId} did not appear; no outputs are returned.`,
      );
      return {};
    }
    return Object.fromEntries(
      sv.outputs.map(o => [
        o.name,
        { value: o.value as any, sensitive: o.sensitive, type: o.type as any },
      ]),
    );
  }
}
