import { NotAllowedError, ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { RequestsService } from '@groundwork/plugin-requests-node';
import { GroundworkEnvironments } from '@groundwork/plugin-groundwork-common';
import {
  promotionPayload,
  PromotionPayload,
  PROMOTION_REQUEST_KIND,
  samePromotion,
} from './payload';
import { examples } from './requireApproval.examples';
import { initiatingPerson } from '../initiator';

interface RequireApprovalActionOptions {
  requests: RequestsService;
  environments: GroundworkEnvironments;
}

const sameRef = (a?: string, b?: string) =>
  !!a && !!b && a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * groundwork:promotion:require-approval: a promotion into production needs
 * a second person (approvers from
 * groundwork.permissions.approverGroups, never the requester). The first
 * run asks for the approval and stops before anything changes; once an
 * approver has approved that exact promotion (service, environment, image
 * tag), the requester's next run goes through. Other environments pass.
 */
export function createRequireApprovalAction(
  options: RequireApprovalActionOptions,
) {
  const { requests, environments } = options;
  return createTemplateAction({
    id: 'groundwork:promotion:require-approval',
    description:
      "Stops a promotion into a production environment (groundwork.environments[].production) until a second person approves it in the portal's requests: the first run asks (a request of kind promotion for this service, environment and image tag) and fails saying so; the requester runs the template again once an approver from groundwork.permissions.approverGroups has approved it. Non-production environments pass. Asks for nothing in a dry run.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z => z.string().describe('The service being promoted'),
        environment: z => z.string().describe('The environment it goes into'),
        previousEnvironment: z =>
          z.string().describe('The environment its image comes from'),
        imageTag: z => z.string().describe('The image tag being promoted'),
      },
      output: {
        required: z => z.boolean(),
        requestId: z =>
          z.string().optional().describe('The approved request, when required'),
        approvedBy: z => z.string().optional(),
      },
    },
    async handler(ctx) {
      let payload: PromotionPayload;
      try {
        payload = promotionPayload(ctx.input);
      } catch (e) {
        throw new InputError((e as Error).message);
      }
      const environment = environments.find(payload.environment);
      if (!environment) {
        throw new InputError(
          `Unknown environment "${payload.environment}" (groundwork.environments).`,
        );
      }
      if (!environment.production) {
        ctx.logger.info(
          `${payload.environment} is not a production environment: no approval needed.`,
        );
        ctx.output('required', false);
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: promoting ${payload.entityRef} to ${payload.environment} would need a second person's approval; nothing was asked.`,
        );
        ctx.output('required', true);
        return;
      }

      const { credentials, person } = await initiatingPerson(
        ctx,
        'A production promotion is asked for by a signed-in person; this task has none.',
      );
      const mine = (
        await requests.list({
          onBehalfOf: credentials,
          states: ['applied', 'requested', 'approved'],
          signal: ctx.signal,
        })
      ).filter(r => {
        if (r.kind !== PROMOTION_REQUEST_KIND) return false;
        if (!sameRef(r.requestedBy, person)) return false;
        try {
          return samePromotion(promotionPayload(r.payload), payload);
        } catch {
          return false;
        }
      });
      const approved = mine.find(r => r.state === 'applied');
      if (approved) {
        ctx.logger.info(
          `Promotion of ${payload.entityRef} to ${payload.environment} at ${payload.imageTag} was approved by ${approved.decidedBy} (request ${approved.id}).`,
        );
        ctx.output('required', true);
        ctx.output('requestId', approved.id);
        if (approved.decidedBy) ctx.output('approvedBy', approved.decidedBy);
        return;
      }
      const waiting = mine.find(r => r.state !== 'applied');
      if (waiting) {
        throw new ConflictError(
          `Promoting ${payload.entityRef} to ${payload.environment} at image ${payload.imageTag} waits for a second person: request ${waiting.id} (/requests/${waiting.id}) is ${waiting.state}. Ask an approver (groundwork.permissions.approverGroups) to decide it, then run this again.`,
        );
      }
      const created = await requests.create(
        {
          kind: PROMOTION_REQUEST_KIND,
          payload,
          reason: `${payload.environment} is a production environment: promoting ${payload.entityRef} there from ${payload.previousEnvironment} needs a second person.`,
          taskId: ctx.task?.id,
        },
        { onBehalfOf: credentials, signal: ctx.signal },
      );
      throw new NotAllowedError(
        `Promoting ${payload.entityRef} to ${payload.environment} at image ${payload.imageTag} needs a second person's approval; nothing was changed. Request ${created.id} (/requests/${created.id}) now waits for an approver (groundwork.permissions.approverGroups); run this again once it is approved.`,
      );
    },
  });
}
