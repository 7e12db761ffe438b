import { InputError } from '@backstage/errors';
import { planFromDocument } from '@groundwork/governance';
import type { HcpSettings } from '../../config';
import { APPLIED_LINE } from '../../run/lines';
import { stopReason } from '../../run/stopper';
import {
  RunStoppedError,
  runStoppedError,
  TerraformCommandError,
} from '../errors';
import type {
  AppliedRun,
  Executor,
  Phase,
  PlannedRun,
  RunRequest,
} from '../types';
import { HcpClient, JsonApiResource, RunAttributes } from './HcpClient';
import { HcpLogStream } from './logStream';
import { pollFor, sleep } from './poll';
import { HcpWorkspace } from './workspace';

const FINAL = new Set([
  'applied',
  'planned_and_finished',
  'errored',
  'discarded',
  'canceled',
  'force_canceled',
  'policy_soft_failed',
]);
const APPLYING = new Set(['confirmed', 'apply_queued', 'applying', 'applied']);

/**
 * Runs the plan and apply on HCP Terraform or Terraform Enterprise: the
 * workspace is found or created, variables set (secrets as sensitive), the
 * working directory uploaded as a configuration version, a run created with
 * auto-apply off, its logs streamed, its plan JSON gated here, then applied
 * or discarded through the API.
 */
export class HcpExecutor implements Executor {
  readonly kind = 'hcp';
  phase: Phase = 'preparing';
  applyStarted = false;
  appliedCount = 0;
  runUrl?: string;
  private readonly client: HcpClient;
  private readonly workspace: HcpWorkspace;
  private workspaceId?: string;
  private runId?: string;
  private planId?: string;
  private lastStatus?: string;
  private readonly org: string;
  private readonly workspaceName: string;

  constructor(
    private readonly settings: HcpSettings,
    private readonly request: RunRequest,
    private readonly cancelGraceMs: number,
  ) {
    if (!settings.token) {
      throw new InputError(
        'The hcp executor needs an API token: set terraform.hcp.token in app-config (a team token with permission to queue and apply runs).',
      );
    }
    request.redactor.add(settings.token);
    if (!request.hcp) {
      throw new Error(
        'The hcp executor needs the organization and workspace config selected.',
      );
    }
    this.org = request.hcp.organization;
    this.workspaceName = request.hcp.workspace;
    this.client = new HcpClient({
      baseUrl: settings.baseUrl,
      token: settings.token,
    });
    this.workspace = new HcpWorkspace(
      this.client,
      this.org,
      this.workspaceName,
      request,
      settings.maxPollIntervalMs,
    );
  }

  private get log() {
    return this.request.log;
  }

  async plan(): Promise<PlannedRun> {
    const { request } = this;
    const workspaceId = await this.workspace.ensure();
    this.workspaceId = workspaceId;
    await this.workspace.syncVariables(workspaceId);

    this.phase = 'plan';
    // A recovered task finds the run its earlier attempt created; one that
    // ended without applying is replaced by a new run, as the CLI plans again.
    let key = `terraform.hcp.run.${request.runKey}`;
    for (let i = 0; ; i++) {
      let createdNow = false;
      const { runId } = await request.checkpoint({
        key,
        fn: async () => {
          createdNow = true;
          return { runId: await this.workspace.createRun(workspaceId) };
        },
      });
      this.runId = runId;
      if (createdNow || i >= 5) break;
      const status = (await this.client.run(runId)).attributes.status;
      if (
        !['errored', 'discarded', 'canceled', 'force_canceled'].includes(status)
      )
        break;
      this.log.warn(
        `Run ${runId} of an earlier attempt of this step ended as ${status}; queuing a new run.`,
      );
      key = `terraform.hcp.run.${request.runKey}.after.${runId}`;
    }
    this.runUrl = `${this.settings.baseUrl}/app/${encodeURIComponent(
      this.org,
    )}/workspaces/${encodeURIComponent(this.workspaceName)}/runs/${this.runId}`;
    this.log.info(`HCP Terraform run ${this.runId}: ${this.runUrl}`);

    let run = await this.follow(
      r =>
        FINAL.has(r.attributes.status) ||
        Boolean(r.attributes.actions?.['is-confirmable']) ||
        APPLYING.has(r.attributes.status),
      'plan',
    );
    if (APPLYING.has(run.attributes.status)) {
      // A recovered task whose earlier attempt had passed the gate and
      // confirmed this very run: follow it, never start another.
      this.log.warn(
        `Run ${this.runId} was already confirmed by an earlier attempt of this step (status ${run.attributes.status}); following it instead of planning again.`,
      );
      this.applyStarted = true;
    } else if (run.attributes.status === 'errored') {
      throw new TerraformCommandError(
        `The HCP Terraform plan failed; nothing was applied. See ${
          this.runUrl
        }\n${this.log.lastLines()}`,
        'hcp plan',
        1,
      );
    } else if (
      run.attributes.status !== 'planned_and_finished' &&
      FINAL.has(run.attributes.status)
    ) {
      throw new TerraformCommandError(
        `The HCP Terraform run ended as ${run.attributes.status} before it could be applied; nothing was applied. See ${this.runUrl}`,
        'hcp plan',
        1,
      );
    }
    run = await this.client.run(this.runId);
    this.planId = relId(run, 'plan');
    const json = await pollFor(
      {
        tries: 10,
        maxDelayMs: this.settings.maxPollIntervalMs,
        signal: request.stop,
      },
      () => this.client.planJson(this.planId!),
    );
    if (request.stop.aborted) throw await this.stop();
    if (!json) {
      throw new Error(
        `HCP Terraform did not provide the plan JSON of ${this.runId}; try again.`,
      );
    }
    const document = JSON.parse(json.toString('utf8'));
    return { document, plan: planFromDocument(document), runUrl: this.runUrl };
  }

  async apply(): Promise<AppliedRun> {
    const { request } = this;
    const runId = this.runId!;
    this.phase = 'apply';
    if (!this.applyStarted) {
      await request.checkpoint({
        key: `terraform.hcp.apply.${runId}`,
        fn: async () => {
          await this.client.action(
            runId,
            'apply',
            `Applied by Backstage terraform:apply: ${request.message}`,
          );
          return { confirmedAt: new Date().toISOString() };
        },
      });
      this.applyStarted = true;
    }
    const run = await this.follow(r => FINAL.has(r.attributes.status), 'apply');
    if (run.attributes.status !== 'applied') {
      throw new TerraformCommandError(
        `The HCP Terraform apply ended as ${
          run.attributes.status
        }; some changes may have been made. See ${
          this.runUrl
        }\n${this.log.lastLines()}`,
        'hcp apply',
        1,
      );
    }
    this.phase = 'outputs';
    return {
      outputs: await this.workspace.outputs(this.workspaceId!, runId),
    };
  }

  async discard(reason: string) {
    if (!this.runId) return;
    const run = await this.client.run(this.runId);
    if (run.attributes.actions?.['is-discardable']) {
      await this.client.action(this.runId, 'discard', reason);
      this.log.info(`Discarded HCP Terraform run ${this.runId}.`);
    }
  }

  async cleanup() {
    // Nothing local: the archive lived in memory.
  }

  /** Polls the run with backoff, streaming the phase's log, until `done`. */
  private async follow(
    done: (run: JsonApiResource<RunAttributes>) => boolean,
    phase: 'plan' | 'apply',
  ): Promise<JsonApiResource<RunAttributes>> {
    const runId = this.runId!;
    let delay = Math.min(1000, this.settings.maxPollIntervalMs);
    const stream = new HcpLogStream(this.client, (line, truncated) => {
      if (phase === 'apply' && APPLIED_LINE.test(line)) this.appliedCount++;
      this.log.line(line, truncated);
    });
    for (;;) {
      if (this.request.stop.aborted) throw await this.stop();
      const run = await this.client.run(runId);
      this.lastStatus = run.attributes.status;
      if (!stream.url) {
        const id = relId(run, phase);
        if (id) {
          const resource =
            phase === 'plan'
              ? await this.client.plan(id)
              : await this.client.applyOf(id);
          stream.url = resource.attributes['log-read-url'];
        }
      }
      await stream.pump();
      if (done(run)) {
        await stream.pump();
        stream.end();
        this.log.flush();
        return run;
      }
      await sleep(delay, this.request.stop);
      delay = Math.min(delay * 1.5, this.settings.maxPollIntervalMs);
    }
  }

  /** Cancels (or discards) the run, waits for it to stop, and says what that means. */
  private async stop(): Promise<RunStoppedError> {
    const reason = stopReason(this.request.stop);
    const runId = this.runId;
    let applying = this.applyStarted;
    if (runId) {
      try {
        let run = await this.client.run(runId);
        applying = applying || APPLYING.has(run.attributes.status);
        const comment = `Backstage task ${
          reason === 'timeout' ? 'timed out' : 'cancelled'
        }`;
        if (run.attributes.actions?.['is-cancelable']) {
          await this.client.action(runId, 'cancel', comment);
          this.log.warn(
            `Asked HCP Terraform to cancel run ${runId} (it was ${run.attributes.status}).`,
          );
        } else if (run.attributes.actions?.['is-discardable']) {
          await this.client.action(runId, 'discard', comment);
          this.log.warn(`Discarded HCP Terraform run ${runId}.`);
        }
        const deadline = Date.now() + this.cancelGraceMs;
        while (!FINAL.has(run.attributes.status) && Date.now() < deadline) {
          await sleep(Math.min(1000, this.settings.maxPollIntervalMs));
          run = await this.client.run(runId);
        }
        if (
          !FINAL.has(run.attributes.status) &&
          run.attributes.actions?.['is-force-cancelable']
        ) {
          await this.client.action(runId, 'force-cancel', comment);
          this.log.warn(
            `Run ${runId} did not stop in time; force-cancelled it.`,
          );
        }
        this.lastStatus = run.attributes.status;
      } catch (e) {
        this.log.error(
          `Could not cancel HCP Terraform run ${runId}: ${
            (e as Error).message
          }. Cancel it at ${this.runUrl}.`,
        );
      }
    }
    const effect = applying
      ? `The apply had started on HCP Terraform (run ${runId}): some resources may have been created, changed or destroyed; see ${this.runUrl}.`
      : `Nothing was applied: it stopped during ${this.phase}${
          runId ? ` (run ${runId} ${this.lastStatus})` : ''
        }.`;
    return runStoppedError(this.request.stop, effect);
  }
}

function relId(run: JsonApiResource, name: string): string | undefined {
  const data = run.relationships?.[name]?.data;
  return data && !Array.isArray(data) ? data.id : undefined;
}
