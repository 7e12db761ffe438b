import type {
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';

export const TOKEN = 'argocd-test-token';

/** A logger that keeps the task log, as the scaffolder would show it. */
export function captureLogger() {
  const lines: string[] = [];
  const logger: LoggerService = {
    info: m => void lines.push(`info: ${m}`),
    warn: m => void lines.push(`warn: ${m}`),
    error: m => void lines.push(`error: ${m}`),
    debug: () => {},
    child: () => logger,
  };
  return { logger, lines, text: () => lines.join('\n') };
}

/** Config with Argo CD instances, environments and anything else given. */
export function configWith(options: {
  instances: Array<{ name: string; url: string; token?: string }>;
  defaultInstance?: string;
  environments?: JsonObject[];
  extra?: JsonObject;
}) {
  return new ConfigReader({
    groundwork: {
      environments: options.environments ?? [
        { name: 'dev' },
        { name: 'staging' },
        { name: 'prod', production: true },
      ],
    },
    ...options.extra,
    argocd: {
      instances: options.instances.map(i => ({ token: TOKEN, ...i })),
      ...(options.defaultInstance && {
        defaultInstance: options.defaultInstance,
      }),
      ...(options.extra?.argocd as JsonObject | undefined),
    },
  });
}

/**
 * What the action asks before it acts: the catalog (default: empty, so
 * every entity is new) and the permission policy (default: allows all).
 */
export function authorizing(
  options: { entities?: Entity[]; permissions?: PermissionsService } = {},
) {
  return {
    catalog: catalogServiceMock({ entities: options.entities ?? [] }),
    permissions: options.permissions ?? mockServices.permissions(),
    auth: mockServices.auth(),
  };
}

/** A step input for the payments component. */
export function paymentsInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'payments-dev',
    entityRef: 'component:default/payments',
    environment: 'dev',
    source: {
      repoURL: 'https://github.com/acme/payments',
      targetRevision: 'main',
      path: 'deploy/overlays/dev',
    },
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'payments-dev',
    },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
    ...overrides,
  };
}

/** Any of the module's actions: the harness only calls its handler. */
type Action = { handler(ctx: any): Promise<void> };

/** Runs the action once with a mock context; returns outputs and the log. */
export async function run(
  action: Action,
  input: Record<string, unknown>,
  options: {
    signal?: AbortSignal;
    isDryRun?: boolean;
    credentials?: BackstageCredentials;
  } = {},
) {
  const log = captureLogger();
  const outputs: Record<string, unknown> = {};
  const ctx = {
    ...createMockActionContext({ input: input as any, logger: log.logger }),
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    signal: options.signal,
    isDryRun: options.isDryRun,
    ...(options.credentials && {
      getInitiatorCredentials: async () => options.credentials!,
    }),
  };
  let error: Error | undefined;
  try {
    await action.handler(ctx as any);
  } catch (e) {
    error = e as Error;
  }
  return { outputs, log: log.text(), lines: log.lines, error };
}
