import { InputError, NotAllowedError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { JsonObject } from '@backstage/types';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import { examples } from './request.examples';
import { initiatingPerson } from '../initiator';

interface RequestActionOptions {
  requests: RequestsService;
  /** `app.baseUrl`, for the request's link; relative links without it. */
  appBaseUrl?: string;
}

/** The requests backend's own words for a refusal, without the HTTP wrapping. */
function refusalOf(error: ResponseError): string {
  return error.body?.error?.message ?? error.message;
}

/**
 * groundwork:request: asks for a request (a waiver, a budget, temporary
 * access, any kind an installed applier handles) on behalf of the person
 * who started the task. They become its requester, so they cannot approve
 * it; an approver decides it in the portal. A dry run asks for nothing.
 */
export function createRequestAction(options: RequestActionOptions) {
  const { requests } = options;
  const base = (options.appBaseUrl ?? '').replace(/\/+$/, '');
  return createTemplateAction({
    id: 'groundwork:request',
    description:
      "Asks for a request in the portal's requests (kind waiver, budget, access or any kind an installed applier handles) on behalf of the person who started the task: the applier checks the payload, an approver other than that person decides, and the request expires when its expiresAt passes. Outputs the request's id, state and link. Asks for nothing in a dry run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        kind: z =>
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,62}$/, 'a kind such as waiver or budget')
            .describe('The kind of request: waiver, budget, access, …'),
        payload: z =>
          z
            .record(z.unknown())
            .describe("What the kind's applier needs, e.g. a waiver's rule"),
        reason: z =>
          z
            .string()
            .min(1)
            .max(2000)
            .describe('Why it is needed, as the approver will read it'),
      },
      output: {
        requestId: z =>
          z.string().optional().describe('The request (absent in a dry run)'),
        state: z =>
          z
            .string()
            .describe("The request's state, or dry-run when nothing was asked"),
        url: z => z.string().describe('Where the request is seen and decided'),
      },
    },
    async handler(ctx) {
      const { kind, payload, reason } = ctx.input;
      if (!reason.trim()) {
        throw new InputError('reason must say why the request is needed.');
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ask for a ${kind} request (${JSON.stringify(
            payload,
          )}) because "${reason}"; nothing was asked.`,
        );
        ctx.output('state', 'dry-run');
        ctx.output('url', `${base}/requests`);
        return;
      }
      const { credentials, person } = await initiatingPerson(
        ctx,
        'A request is asked for by a signed-in person; this task was started by none.',
      );
      let created;
      try {
        created = await requests.create(
          {
            kind,
            payload: payload as JsonObject,
            reason,
            ...(ctx.task?.id && { taskId: ctx.task.id }),
          },
          { onBehalfOf: credentials, signal: ctx.signal },
        );
      } catch (error) {
        if (error instanceof ResponseError) {
          const message = `The ${kind} request was refused: ${refusalOf(
            error,
          )}`;
          if (error.response.status === 400) throw new InputError(message);
          if (error.response.status === 403) throw new NotAllowedError(message);
        }
        throw error;
      }
      const url = `${base}/requests/${created.id}`;
      ctx.logger.info(
        `Asked for ${
          created.title ?? `a ${kind} request`
        } as ${person}: request ${created.id} is ${
          created.state
        }; an approver decides it at ${url}.`,
      );
      ctx.output('requestId', created.id);
      ctx.output('state', created.state);
      ctx.output('url', url);
    },
  });
}
