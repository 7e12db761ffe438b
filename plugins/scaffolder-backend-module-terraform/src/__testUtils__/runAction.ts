import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { Config } from '@backstage/config';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import fs from 'node:fs';
import path from 'node:path';
import { createTerraformApplyAction } from '../actions/terraformApply';
import { recordingLogger, recordingPlatformStatus } from './setup';

/** What the scaffolder keeps of checkpoints: successful values by key. */
export class CheckpointStore {
  readonly values = new Map<string, unknown>();
  readonly calls: string[] = [];
  /** What the workspace held when each checkpoint returned, by key. */
  readonly serialized = new Map<string, string[]>();

  /**
   * `workspace`: list its files whenever a checkpoint returns or throws, as
   * the scaffolder serializes the workspace then when task recovery has a
   * workspace provider (NunjucksWorkflowRunner's checkpoint `finally`).
   */
  constructor(private readonly workspace?: string) {}

  checkpoint = async (opts: { key: string; fn: () => any }) => {
    this.calls.push(opts.key);
    if (this.values.has(opts.key)) return this.values.get(opts.key);
    try {
      const value = await opts.fn();
      this.values.set(opts.key, JSON.parse(JSON.stringify(value ?? {})));
      return value;
    } finally {
      if (this.workspace) {
        this.serialized.set(opts.key, listFiles(this.workspace));
      }
    }
  };
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(e =>
      e.isDirectory()
        ? [
            `${prefix}${e.name}/`,
            ...listFiles(path.join(dir, e.name), `${prefix}${e.name}/`),
          ]
        : [`${prefix}${e.name}`],
    );
}

interface RunOptions {
  config: Config;
  workspace: string;
  input: Record<string, unknown>;
  isDryRun?: boolean;
  signal?: AbortSignal;
  checkpoints?: CheckpointStore;
  processEnv?: NodeJS.ProcessEnv;
  reportFails?: boolean;
  taskId?: string;
  /** The catalog's entities (default: none, so every entity is new). */
  entities?: Entity[];
  /** The permission service (default: allows everything). */
  permissions?: PermissionsService;
  /** Who started the task (default: a user). */
  credentials?: BackstageCredentials;
  /** The requests service the gate reads approved waivers and budgets from. */
  requests?: RequestsService;
}

/** Runs terraform:apply through createMockActionContext and collects everything it produced. */
export async function runAction(options: RunOptions) {
  const status = recordingPlatformStatus({ fail: options.reportFails });
  const log = recordingLogger();
  const action = createTerraformApplyAction({
    config: options.config,
    platformStatus: status.service,
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    permissions: options.permissions ?? mockServices.permissions(),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    requests: options.requests,
    processEnv: options.processEnv ?? {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
    },
  });
  const outputs: Record<string, unknown> = {};
  let temp = 0;
  // createMockActionContext takes only some fields; the rest are set over it.
  const ctx = {
    ...createMockActionContext({
      input: options.input as any,
      workspacePath: options.workspace,
      logger: log.logger,
      task: { id: options.taskId ?? 'task-1' },
    }),
    isDryRun: options.isDryRun,
    signal: options.signal,
    step: { id: 'infra', name: 'Infrastructure' },
    getInitiatorCredentials: async () =>
      options.credentials ?? mockCredentials.user(),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    createTemporaryDirectory: async () => {
      const dir = `${options.workspace}_step-infra-${++temp}-${Date.now()}`;
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    ...(options.checkpoints && {
      checkpoint: options.checkpoints.checkpoint as any,
    }),
  };
  let error: Error | undefined;
  try {
    await action.handler(ctx as any);
  } catch (e) {
    error = e as Error;
  }
  return {
    action,
    error,
    outputs,
    reports: status.reports,
    reportedFor: status.onBehalfOf,
    log: log.text(),
    messages: log.messages,
    tempDirs: () =>
      fs
        .readdirSync(path.dirname(options.workspace))
        .filter(n => n.startsWith(`${path.basename(options.workspace)}_step-`))
        .map(n => path.join(path.dirname(options.workspace), n)),
  };
}
