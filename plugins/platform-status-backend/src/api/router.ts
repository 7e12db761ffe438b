import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Response } from '@backstage/backend-openapi-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { platformStatusRefreshPermission } from '@groundwork/plugin-platform-status-common';
import express from 'express';
import type { CatalogSync } from '../catalog/CatalogSync';
import type { DeliveryCollectors } from '../delivery/DeliveryCollectors';
import type { DeliveryActions } from './DeliveryActions';
import { describeCaller } from '../ingest/ReporterAccess';
import type { ReporterAccess } from '../ingest/ReporterAccess';
import { validateInfrastructureReport } from '../ingest/validateReport';
import type { StatusService } from '../status/StatusService';
import { createOpenApiRouter, spec } from '../schema/openapi.generated';
import { entityRefFromPath, parseOverviewQuery } from './parseRequest';
import type { StatusReader } from './StatusReader';

type OverviewBody = Response<typeof spec, '/overview', 'get'>;
type RollupBody = Response<typeof spec, '/rollup', 'get'>;
type DeliveryActionBody = Response<
  typeof spec,
  '/entities/:kind/:namespace/:name/environments/:environment/sync',
  'post'
>;
type HistoryBody = Response<
  typeof spec,
  '/entities/:kind/:namespace/:name/environments/:environment/deployments',
  'get'
>;
type RefreshBody = Response<
  typeof spec,
  '/entities/:kind/:namespace/:name/refresh',
  'post'
>;

/** If-None-Match against a weak validator (RFC 9110: weak comparison). */
function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header
    .split(',')
    .some(tag => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

interface RouterOptions {
  service: StatusService;
  reader: StatusReader;
  sync: CatalogSync;
  delivery?: DeliveryCollectors;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  refreshMinIntervalSeconds: number;
  maxFindings: number;
  maxBodyBytes: number;
  /** Who may post infrastructure run reports. */
  reporters: ReporterAccess;
  deliveryActions: DeliveryActions;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, reader, httpAuth, permissions, auditor } = options;
  // Requests are checked against src/schema/openapi.yaml, which is also
  // served at /openapi.json.
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: options.maxBodyBytes })],
    validatorOptions: {
      validateRequests: {
        coerceTypes: false,
        // Ignored before the spec existed; a client may still send them.
        allowUnknownQueryParameters: true,
      },
      // The report's body is checked against the same spec in the route,
      // once the caller is known to be a reporter: a refusal says nothing
      // about the body, and every attempt is audited.
      ignorePaths: /\/reports\/infrastructure$/,
    },
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = entityRefFromPath(req.params);
    // Throws (403, 404) unless the caller may read the entity: a validator
    // is compared only after that, so a 304 says nothing to anyone else.
    const { json, etag } = await reader.entityStatusJson(
      credentials,
      entityRef,
    );
    // Browsers revalidate (If-None-Match) every time; shared caches keep nothing.
    res.set('Cache-Control', 'private, no-cache').set('ETag', etag);
    if (matchesETag(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    // res.end, not res.send: the ETag is the status's, not a hash of a body
    // that differs in generatedAt on every request.
    res.status(200).type('application/json').end(json);
  });

  router.get(
    '/entities/:kind/:namespace/:name/environments/:environment/deployments',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = entityRefFromPath(req.params);
      const limit = req.query.limit ? Number(req.query.limit) : 50;
      if (limit > 50) {
        throw new InputError('limit must be between 1 and 50.');
      }
      res.json(
        (await reader.deploymentHistory(
          credentials,
          entityRef,
          req.params.environment,
          limit,
        )) as HistoryBody,
      );
    },
  );

  for (const kind of ['sync', 'rollback'] as const) {
    router.post(
      `/entities/:kind/:namespace/:name/environments/:environment/${kind}`,
      async (req, res) => {
        // Service tokens too, so that their refusal is the same as through
        // the MCP actions, and audited: DeliveryActions refuses them.
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const started = await options.deliveryActions.perform({
          credentials,
          entityRef: entityRefFromPath(req.params),
          environment: req.params.environment,
          action:
            kind === 'sync'
              ? { kind }
              : {
                  kind,
                  historyId: Number(
                    (req.body as { historyId?: unknown }).historyId,
                  ),
                },
          request: req,
          via: 'rest',
        });
        res.status(202).json(started as DeliveryActionBody);
      },
    );
  }

  router.get('/overview', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseOverviewQuery(
      req.query,
      service.environments.environments.map(e => e.name),
    );
    // The spec's types allow any further field; the common types name theirs.
    res.json((await reader.overview(credentials, query)) as OverviewBody);
  });

  router.get('/rollup', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { owner, kind, system, environment } = parseOverviewQuery(
      req.query,
      service.environments.environments.map(e => e.name),
    );
    res.json(
      (await reader.rollup(credentials, {
        owner,
        kind,
        system,
        environment,
      })) as RollupBody,
    );
  });

  router.post('/entities/:kind/:namespace/:name/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const entityRef = entityRefFromPath(req.params);
    const event = await auditor.createEvent({
      eventId: 'entity-refresh',
      severityLevel: 'low',
      request: req,
      meta: { entityRef },
    });
    try {
      const [decision] = await permissions.authorize(
        [
          {
            permission: platformStatusRefreshPermission,
            resourceRef: entityRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not refresh the platform status of ${entityRef}; it needs the ${platformStatusRefreshPermission.name} permission.`,
        );
      }
      // Throws 404 unless the caller may read the entity.
      await reader.entityStatus(credentials, entityRef);
      const claim = await service.claimRefresh(
        entityRef,
        options.refreshMinIntervalSeconds,
      );
      if (!claim.ok) {
        await event.fail({ error: new Error('rate limited') });
        res
          .status(429)
          .set('Retry-After', String(claim.retryAfterSeconds))
          .json({
            error: {
              name: 'TooManyRequestsError',
              message: `${entityRef} was refreshed moments ago; try again in ${claim.retryAfterSeconds} s.`,
            },
            request: { method: req.method, url: req.originalUrl },
            response: { statusCode: 429 },
          });
        return;
      }
      await options.sync.syncOne(entityRef, credentials);
      const found = await service.getEntityStatus(entityRef);
      if (found && options.delivery?.configured) {
        await options.delivery.collectEntity(found.entity).catch(error => {
          options.logger.warn(
            `Refreshing delivery status of ${entityRef} failed: ${error.message}`,
          );
        });
      }
      const status = await reader.entityStatus(credentials, entityRef);
      await event.success();
      res.json(status as RefreshBody);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/reports/infrastructure', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const reporter = options.reporters.identify(credentials);
    const { caller, onBehalfOf } = describeCaller(credentials);
    const claimed = req.body?.entityRef;
    const event = await auditor.createEvent({
      eventId: 'infrastructure-report',
      // A caller that is not a reporter trying to post one is worth a look.
      severityLevel: reporter ? 'low' : 'medium',
      request: req,
      meta: {
        reporter: caller,
        ...(onBehalfOf && { onBehalfOf }),
        ...(typeof claimed === 'string' && {
          entityRef: claimed.slice(0, 255),
        }),
      },
    });
    try {
      // Who reports is checked before the body is validated.
      if (!reporter) throw options.reporters.refusal(credentials);
      const report = validateInfrastructureReport(req.body, {
        environments: service.environments,
        maxFindings: options.maxFindings,
      });
      await options.reporters.authorizeReport(reporter, credentials, report);
      await service.recordInfrastructureRun(report);
      await event.success({
        meta: {
          entityRef: report.entityRef,
          environment: report.environment,
          runId: report.runId,
          result: report.result,
        },
      });
      res.status(201).json({
        entityRef: report.entityRef,
        environment: report.environment,
        runId: report.runId,
      });
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
