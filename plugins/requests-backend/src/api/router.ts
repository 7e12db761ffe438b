import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  REQUEST_STATES,
  RequestState,
} from '@groundwork/plugin-requests-common';
import express from 'express';
import Router from 'express-promise-router';
import type { RequestService } from '../service/RequestService';

const STATES = REQUEST_STATES;

function statesOf(value: unknown): RequestState[] | undefined {
  if (value === undefined) return undefined;
  const states = String(value).split(',').filter(Boolean);
  const unknown = states.filter(s => !STATES.includes(s as RequestState));
  if (unknown.length) {
    throw new InputError(
      `Unknown state ${unknown.join(', ')}; use one or more of ${STATES.join(
        ', ',
      )}.`,
    );
  }
  return states as RequestState[];
}

function commentOf(body: unknown): string | undefined {
  const comment = (body as { comment?: unknown } | undefined)?.comment;
  if (comment === undefined || comment === null) return undefined;
  if (typeof comment !== 'string' || comment.length > 2000) {
    throw new InputError('comment must be text of at most 2000 characters.');
  }
  return comment;
}

function queryString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 255) {
    throw new InputError(
      `${name} must be one value of at most 255 characters.`,
    );
  }
  return value;
}

/**
 * Every route answers to a person: a user token, or a plugin's token on a
 * person's behalf (a scaffolder action asking for a request). The one
 * exception is `/in-force`, which plugins read with their own credentials.
 */
export function createRouter(options: {
  service: RequestService;
  httpAuth: HttpAuthService;
}): express.Router {
  const { service, httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  const person = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/requests', async (req, res) => {
    const credentials = await person(req);
    const limit = req.query.limit ? Number(req.query.limit) : undefined;
    if (limit !== undefined && !Number.isInteger(limit)) {
      throw new InputError('limit must be a whole number.');
    }
    const items = await service.list(credentials, {
      states: statesOf(req.query.state),
      limit,
    });
    res.json({ items, canDecide: await service.mayDecide(credentials) });
  });

  router.post('/requests', async (req, res) => {
    const credentials = await person(req);
    res.status(201).json(await service.create(req.body, credentials));
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await person(req);
    res.json(await service.get(req.params.id, credentials));
  });

  router.post('/requests/:id/approve', async (req, res) => {
    const credentials = await person(req);
    res.json(
      await service.decide(
        req.params.id,
        'approve',
        commentOf(req.body),
        credentials,
      ),
    );
  });

  router.post('/requests/:id/reject', async (req, res) => {
    const credentials = await person(req);
    res.json(
      await service.decide(
        req.params.id,
        'reject',
        commentOf(req.body),
        credentials,
      ),
    );
  });

  router.post('/requests/:id/apply', async (req, res) => {
    const credentials = await person(req);
    res.json(await service.retry(req.params.id, credentials));
  });

  router.post('/requests/:id/revoke', async (req, res) => {
    const credentials = await person(req);
    res.json(
      await service.revoke(req.params.id, commentOf(req.body), credentials),
    );
  });

  // What the governance gate and platform status enforce and show: any
  // signed-in person, or a plugin with its own credentials.
  router.get('/in-force', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(
      await service.inForce({
        entityRef: queryString(req.query.entityRef, 'entityRef'),
        environment: queryString(req.query.environment, 'environment'),
      }),
    );
  });

  router.get('/access-review', async (req, res) => {
    const credentials = await person(req);
    const controller = new AbortController();
    req.on('close', () => controller.abort());
    res.json(await service.accessReview(credentials, controller.signal));
  });

  return router;
}
