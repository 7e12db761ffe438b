import {
  ArgoCdApplication,
  ArgoCdAppProject,
  ArgoCdClient,
  ArgoCdInstance,
} from '@groundwork/plugin-argocd-node';
import type { CreateAppInput } from '../../actions/types';
import {
  renderApplication,
  renderProject,
  toManifest,
  toYaml,
} from '../../manifests/render';
import type {
  ClientTuning,
  Delivery,
  DeliveryMode,
  PollTiming,
  StepContext,
} from '../types';
import { observe, waitAsAsked } from '../wait';
import { upsertApplication } from './application';
import { ensureProject } from './project';

/** What a dry run says of the project, per `projectMode`. */
const PROJECT_MODE_IN_DRY_RUN = {
  reuse: 'must exist',
  create: 'created if missing',
  merge:
    'created if missing, else what it lacks of the AppProject below is added',
} as const;

/**
 * API mode: the AppProject and the Application written through the Argo
 * CD API of one instance, the project first so the app can name it.
 */
export class ApiMode implements DeliveryMode {
  readonly url: string;
  private readonly input: CreateAppInput;
  private readonly step: StepContext;
  private readonly instance: ArgoCdInstance;
  private readonly client: ArgoCdClient;
  private readonly app: ArgoCdApplication;
  /** Undefined with `projectMode: reuse`. */
  private readonly project?: ArgoCdAppProject;
  private readonly waitOptions?: PollTiming;

  constructor(options: {
    input: CreateAppInput;
    step: StepContext;
    instance: ArgoCdInstance;
    clientOptions?: ClientTuning;
    waitOptions?: PollTiming;
  }) {
    const { input, step, instance } = options;
    this.input = input;
    this.step = step;
    this.instance = instance;
    this.waitOptions = options.waitOptions;
    this.client = new ArgoCdClient({
      instance,
      logger: step.logger,
      ...options.clientOptions,
    });
    this.app = renderApplication(input, input.appNamespace);
    this.project =
      input.projectMode === 'reuse'
        ? undefined
        : renderProject(input, this.app, undefined);
    this.url = this.client.appUrl(input.name, input.appNamespace);
  }

  preview(): Delivery {
    const { input, step, project, app } = this;
    step.logger.info(
      `Dry run: would ${
        input.upsert ? 'create or update' : 'create'
      } the Argo CD application ${input.name} on instance "${
        this.instance.name
      }" (${this.url}), in project ${input.project} (${
        PROJECT_MODE_IN_DRY_RUN[input.projectMode]
      }). Nothing was sent.`,
    );
    if (project) {
      step.logger.info(
        `AppProject:\n${toYaml(toManifest('AppProject', project))}`,
      );
    }
    step.logger.info(`Application:\n${toYaml(toManifest('Application', app))}`);
    return {
      appNamespace: input.appNamespace ?? '',
      change: 'unchanged',
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
    };
  }

  async deliver(): Promise<Delivery> {
    const { input, app } = this;
    const ctx = {
      client: this.client,
      logger: this.step.logger,
      signal: this.step.signal,
      checkpoint: this.step.checkpoint,
    };
    await ensureProject(ctx, input.projectMode, this.project, input.project);
    const { change, app: stored } = await upsertApplication(ctx, app, {
      upsert: input.upsert,
      validate: input.validate,
    });
    // A status read with the previous spec says nothing of this one.
    const initial = observe(
      stored,
      change === 'unchanged' ? undefined : app.spec,
    );
    return {
      appNamespace: stored.metadata.namespace ?? input.appNamespace ?? '',
      change,
      syncStatus: initial.syncStatus,
      healthStatus: initial.healthStatus,
      revision: initial.revision,
    };
  }

  async waitUntilReady(delivery: Delivery): Promise<Delivery> {
    const { input, step } = this;
    const state = await waitAsAsked(input, step, {
      client: this.client,
      appNamespace: input.appNamespace,
      spec: this.app.spec,
      url: this.url,
      ...this.waitOptions,
    });
    if (!state) return delivery;
    step.logger.info(
      `${input.name} is ${state.syncStatus} and ${state.healthStatus}${
        state.revision ? ` at ${state.revision}` : ''
      }: ${this.url}`,
    );
    return {
      ...delivery,
      syncStatus: state.syncStatus,
      healthStatus: state.healthStatus,
      revision: state.revision,
    };
  }

  describeLeftBehind(delivery: Delivery): string {
    const what =
      delivery.change === 'unchanged'
        ? `The Argo CD application ${this.input.name} was left unchanged`
        : `The Argo CD application ${this.input.name} was ${delivery.change}`;
    return `${what} and stays in Argo CD: ${this.url}`;
  }
}
