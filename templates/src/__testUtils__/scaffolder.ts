import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import notificationsModule from '@backstage/plugin-scaffolder-backend-module-notifications';
import groundworkModule from '@groundwork/plugin-scaffolder-backend-module-groundwork';
import moduleFactoryModule from '@groundwork/plugin-scaffolder-backend-module-module-factory';
import personaModule from '@groundwork/plugin-scaffolder-backend-module-persona';
import { FACTORY_DIR } from '@groundwork/terraform-modules';
import { DoubleState, pendingActionDoubles } from './pendingActions';
import { ENTITIES } from '../testing/catalog';
import {
  directoryContents,
  loadTemplate,
  TEST_CONFIG,
} from '../testing/portal';

export {
  directoryContents,
  ENVIRONMENTS,
  TEMPLATES_DIR,
  TEMPLATE_NAMES,
  TEST_CONFIG,
  loadTemplate,
} from '../testing/portal';

/** Extra folders the UrlReader double serves, by URL (tests add fixtures here). */
export const servedTrees = new Map<string, string>();

/** Files the UrlReader double's readUrl serves, by URL (tests add fixtures here). */
export const servedFiles = new Map<string, string>();

/**
 * UrlReader TEST DOUBLE for fetch:plain of https://github.com/acme/... URLs:
 * serves the module factory's folders from this repository instead of
 * GitHub's archive API (which cannot be reached here), and the files and
 * folders a test adds (a missing file is a NotFoundError, as GitHub's 404).
 */
const urlReaderDouble = createServiceFactory({
  service: coreServices.urlReader,
  deps: {},
  factory: (): UrlReaderService => ({
    async readUrl(url) {
      const text = servedFiles.get(url);
      if (text === undefined) {
        throw new NotFoundError(
          `TEST DOUBLE urlReader: readUrl(${url}) is not served`,
        );
      }
      return { buffer: async () => Buffer.from(text) } as any;
    },
    async search(url) {
      throw new Error(`TEST DOUBLE urlReader: search(${url}) is not served`);
    },
    async readTree(url) {
      const m =
        /^https:\/\/github\.com\/acme\/[^/]+\/tree\/main\/(?:terraform-modules\/)?([a-z0-9-]+)$/.exec(
          url,
        );
      const src = servedTrees.get(url) ?? (m && path.join(FACTORY_DIR, m[1]));
      if (!src || !fs.existsSync(src)) {
        throw new Error(`TEST DOUBLE urlReader: ${url} is not served`);
      }
      return {
        etag: 'test',
        async dir(options?: { targetDir?: string }) {
          const target = options?.targetDir ?? fs.mkdtempSync('/tmp/tree-');
          fs.cpSync(src, target, { recursive: true });
          return target;
        },
        async files() {
          throw new Error('TEST DOUBLE urlReader: files() is not served');
        },
        async archive() {
          throw new Error('TEST DOUBLE urlReader: archive() is not served');
        },
      } as any;
    },
  }),
});

/**
 * catalogServiceMock, plus the locations its entities were registered from
 * (their backstage.io/managed-by-origin-location), which the mock does not
 * keep: what groundwork:catalog:unregister looks up.
 */
function catalogWithLocations(entities: Entity[]) {
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => {
      const base = catalogServiceMock({ entities });
      const getLocationByRef = async (ref: string) => {
        const i = entities.findIndex(
          e =>
            e.metadata.annotations?.[
              'backstage.io/managed-by-origin-location'
            ] === ref,
        );
        if (i < 0) return undefined;
        const [type, ...target] = ref.split(':');
        return { id: `location-${i}`, type, target: target.join(':') };
      };
      // A proxy, not a copy: the mock's methods use private fields.
      return new Proxy(base, {
        get(target, prop) {
          if (prop === 'getLocationByRef') return getLocationByRef;
          const value = Reflect.get(target, prop, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
  });
}

/** Notifications TEST DOUBLE: records what notification:send would send. */
const sentNotifications: unknown[] = [];
const notificationsDouble = createServiceFactory({
  service: notificationService,
  deps: {},
  factory: () => ({
    async send(options: unknown) {
      sentNotifications.push(options);
    },
  }),
});

/**
 * The real scaffolder backend with the real built-in, GitHub, notification,
 * Groundwork (the hcl filter, groundwork:entity:require-new) and
 * module-factory actions; test doubles only for what cannot run here
 * (the three pending Groundwork actions, GitHub's archive reads and the
 * notifications backend).
 */
export async function startScaffolder(
  state: DoubleState,
  options: {
    entities?: Entity[];
    /** Top-level config keys that replace the test portal's (e.g. integrations). */
    config?: Record<string, unknown>;
    /**
     * The REAL persona:onboard and persona:offboard (whose dry run writes
     * the access files without touching GitHub) instead of their doubles.
     */
    realPersona?: boolean;
    /** Permissions the policy denies (default: it allows everything). */
    deny?: string[];
  } = {},
) {
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      notificationsModule,
      groundworkModule,
      moduleFactoryModule,
      pendingActionDoubles(state, { persona: !options.realPersona }),
      ...(options.realPersona ? [personaModule] : []),
      catalogWithLocations(options.entities ?? ENTITIES),
      ...(options.deny
        ? [
            mockServices.permissions.mock({
              authorize: async requests =>
                requests.map(r => ({
                  result: options.deny!.includes(r.permission.name)
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
                })),
              // The scaffolder's own checks (templates' steps and parameters).
              authorizeConditional: async requests =>
                requests.map(() => ({ result: AuthorizeResult.ALLOW })),
            }).factory,
          ]
        : []),
      urlReaderDouble,
      notificationsDouble,
      mockServices.rootConfig.factory({
        data: {
          ...TEST_CONFIG,
          ...(options.realPersona && {
            groundwork: {
              ...TEST_CONFIG.groundwork,
              persona: { github: { host: 'github.com', organization: 'acme' } },
            },
          }),
          ...options.config,
        },
      }),
    ],
  });
  return backend;
}

/**
 * The real scaffolder with the actions that write files: fetch:*, the module
 * factory's, and the REAL persona:onboard and persona:offboard (whose dry
 * run writes the access files without touching GitHub). For rendering only:
 * no Terraform, Argo CD or GitHub step can run here.
 */
export async function startRenderingScaffolder(entities: Entity[]) {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      groundworkModule,
      moduleFactoryModule,
      personaModule,
      catalogServiceMock.factory({ entities }),
      urlReaderDouble,
      mockServices.rootConfig.factory({
        data: {
          ...TEST_CONFIG,
          groundwork: {
            ...TEST_CONFIG.groundwork,
            persona: { github: { host: 'github.com', organization: 'acme' } },
          },
        },
      }),
    ],
  });
}

export interface DryRunResult {
  status: number;
  body: any;
  files: Map<string, string>;
  log: string[];
}

export async function dryRun(
  server: any,
  template: string | { name: string; template: any },
  values: Record<string, unknown>,
): Promise<DryRunResult> {
  const name = typeof template === 'string' ? template : template.name;
  const res = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template:
        typeof template === 'string'
          ? loadTemplate(template)
          : template.template,
      values,
      directoryContents: directoryContents(name),
    });
  const files = new Map<string, string>();
  for (const f of res.body?.directoryContents ?? []) {
    files.set(f.path, Buffer.from(f.base64Content, 'base64').toString('utf8'));
  }
  // Task log lines, without the logger's colour codes and level prefix.
  const log = (res.body?.log ?? []).map((l: any) =>
    String(l.body?.message ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[\d+m/g, '')
      .replace(/^(info|warn|error|debug): /, ''),
  );
  return { status: res.status, body: res.body, files, log };
}

/** The inputs the dry run logged for a step whose action does not support dry-run. */
export function loggedInputs(result: DryRunResult, actionId: string): any[] {
  const prefix = `Running ${actionId} in dry-run mode with inputs (secrets redacted): `;
  return result.log
    .filter(l => l.startsWith(prefix))
    .map(l => JSON.parse(l.slice(prefix.length)));
}
