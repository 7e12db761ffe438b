import fs from 'node:fs';
import path from 'node:path';
import {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type {
  GroundworkRequest,
  NewRequest,
} from '@groundwork/plugin-requests-common';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createGitHubStandIn,
  GitHubHandler,
  GitHubStandIn,
} from '@groundwork/stand-in-test-utils';
import { createPersonaOffboardAction } from '../actions/offboard';
import { createPersonaOnboardAction } from '../actions/onboard';
import { createPersonaActionDeps } from '../engine/deps';
import { PersonaActionOutput } from '../engine/run';
import {
  catalogEntities,
  configReader,
  personaConfig,
  seedGitHub,
  TOKEN,
} from './fixtures';

interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  meta?: Record<string, unknown>;
  outcome: 'success' | 'fail';
}

/** An auditor that keeps what it is told, for assertions. */
export function recordingAuditor() {
  const events: AuditRecord[] = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      return {
        async success() {
          events.push({ ...options, outcome: 'success' } as AuditRecord);
        },
        async fail() {
          events.push({ ...options, outcome: 'fail' } as AuditRecord);
        },
      };
    },
  };
  return { auditor, events };
}

/** A requests service that keeps what it was asked, and who asked. */
export function recordingRequests() {
  const requested: Array<NewRequest & { requestedBy: string }> = [];
  const requests: RequestsService = {
    async create(request, { onBehalfOf }) {
      const requestedBy = (onBehalfOf.principal as { userEntityRef: string })
        .userEntityRef;
      requested.push({ ...request, requestedBy });
      return {
        id: `request-${requested.length}`,
        state: 'requested',
        requestedBy,
      } as GroundworkRequest;
    },
    async list() {
      throw new Error('persona:onboard never lists requests');
    },
    async inForce() {
      throw new Error('persona:onboard never reads waivers or budgets');
    },
  };
  return { requests, requested };
}

export interface Harness {
  standIn: GitHubStandIn;
  events: AuditRecord[];
  /** What persona:onboard asked the requests backend for. */
  requested: Array<NewRequest & { requestedBy: string }>;
  onboard: TemplateAction<any, any, any>;
  offboard: TemplateAction<any, any, any>;
  workspace: string;
  run(
    action: 'onboard' | 'offboard',
    input: object,
    options?: { initiator?: string; dryRun?: boolean },
  ): Promise<{ output: PersonaActionOutput; error?: Error }>;
  /** Every file in the workspace, relative, sorted. */
  files(): string[];
  read(relative: string): string;
  stop(): Promise<void>;
}

export async function createHarness(options: {
  persona?: object;
  handlers?: Record<string, GitHubHandler>;
  workspace: string;
  /** The clock the actions read (offboarding dates). */
  now?: () => Date;
  /** The permission framework's answers; allows everything by default. */
  permissions?: PermissionsService;
}): Promise<Harness> {
  const standIn = await createGitHubStandIn({
    tokens: [TOKEN],
    handlers: options.handlers,
  }).start();
  seedGitHub(standIn);
  const { auditor, events } = recordingAuditor();
  const { requests, requested } = recordingRequests();
  const deps = createPersonaActionDeps({
    config: configReader(standIn.url, options.persona ?? personaConfig()),
    catalog: catalogServiceMock({ entities: catalogEntities() }),
    auditor,
    permissions: options.permissions ?? mockServices.permissions(),
    requests,
    githubRetry: { unitMs: 1 },
  });
  deps.now = options.now;
  const actions = {
    onboard: createPersonaOnboardAction(deps),
    offboard: createPersonaOffboardAction(deps),
  };
  const workspace = options.workspace;
  fs.mkdirSync(workspace, { recursive: true });
  const list = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap(e =>
            e.isDirectory()
              ? list(path.join(dir, e.name))
              : [path.relative(workspace, path.join(dir, e.name))],
          )
      : [];
  return {
    standIn,
    events,
    requested,
    ...actions,
    workspace,
    async run(which, input, runOptions = {}) {
      const initiator = runOptions.initiator ?? 'user:default/mock';
      const ctx = createMockActionContext({
        input: input as any,
        workspacePath: workspace,
        user: { ref: initiator },
      });
      ctx.getInitiatorCredentials = async () => mockCredentials.user(initiator);
      (ctx as any).isDryRun = runOptions.dryRun;
      let error: Error | undefined;
      try {
        await actions[which].handler(ctx as any);
      } catch (e) {
        error = e as Error;
      }
      const output = Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls,
      ) as PersonaActionOutput;
      return { output, error };
    },
    files: () => list(workspace).sort(),
    read: relative => fs.readFileSync(path.join(workspace, relative), 'utf8'),
    stop: () => standIn.stop(),
  };
}

/** The GitHub calls that change something. */
export function writes(standIn: GitHubStandIn) {
  return standIn.calls.filter(c => c.method !== 'GET');
}
