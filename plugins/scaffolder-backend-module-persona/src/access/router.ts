import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import {
  accessAcknowledgePermission,
  accessReconcilePermission,
  accessReconciliationReadPermission,
} from './permissions';
import { AccessStore } from './store';

export const ACCESS_RECONCILE_TASK = 'groundwork-access-reconcile';

/**
 * `GET /api/scaffolder/groundwork/access/reconciliations`: the last runs'
 * reports; `POST /api/scaffolder/groundwork/access/reconcile`: run now (on
 * whichever replica holds the schedule's lock); `POST
 * /api/scaffolder/groundwork/access/acknowledgements`: accept a commit no
 * pull request made. Each asks the permission framework first.
 */
export function createAccessRouter(options: {
  store: AccessStore;
  scheduler: SchedulerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}): express.Router {
  const { store, scheduler, httpAuth, permissions, auditor } = options;
  const router = Router();
  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
    what: string,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not ${what} (permission ${permission.name}); ask a portal administrator.`,
      );
    }
    return credentials;
  };
  router.get('/groundwork/access/reconciliations', async (req, res) => {
    await authorize(
      req,
      accessReconciliationReadPermission,
      "read the access reconciler's reports",
    );
    const limit = Math.min(Math.max(Number(req.query.limit) || 10, 1), 100);
    res.json({ items: await store.lastRuns(limit) });
  });
  router.post('/groundwork/access/reconcile', async (req, res) => {
    await authorize(
      req,
      accessReconcilePermission,
      'run the access reconciler',
    );
    await scheduler.triggerTask(ACCESS_RECONCILE_TASK);
    res.status(202).json({ triggered: ACCESS_RECONCILE_TASK });
  });
  router.post(
    '/groundwork/access/acknowledgements',
    express.json(),
    async (req, res) => {
      const credentials = await authorize(
        req,
        accessAcknowledgePermission,
        'acknowledge a commit on the access branch',
      );
      const { sha, reason } = req.body ?? {};
      if (typeof sha !== 'string' || !/^[0-9a-f]{40}$/.test(sha)) {
        throw new InputError(
          'Give the full 40-character sha of the commit to acknowledge, as "sha" in the JSON body.',
        );
      }
      if (typeof reason !== 'string' || reason.trim().length < 10) {
        throw new InputError(
          'Say why this commit may be applied without a pull request, as "reason" (at least 10 characters).',
        );
      }
      const by =
        'userEntityRef' in credentials.principal
          ? credentials.principal.userEntityRef
          : (credentials.principal as { subject: string }).subject;
      const event = await auditor.createEvent({
        eventId: 'access-acknowledge',
        severityLevel: 'high',
        request: req,
        meta: { sha, reason },
      });
      await store.acknowledge({ sha, by, reason: reason.trim() });
      await event.success();
      res.status(201).json({ sha, acknowledgedBy: by });
    },
  );
  return router;
}
