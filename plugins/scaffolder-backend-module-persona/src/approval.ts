import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  RELATION_MEMBER_OF,
  stringifyEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

export interface Approval {
  required: boolean;
  reason?: string;
  /** The initiator, when they could approve. */
  approvedBy?: string;
  /** The approver group they belong to. */
  approverGroup?: string;
}

/**
 * Privileged onboarding needs an approver: the person who starts the task
 * must be a direct member of one of `groundwork.persona.approval.groups`,
 * as the catalog says when asked with their own credentials (so that the
 * catalog's permission policy applies to the question as well).
 */
export async function checkApproval(options: {
  reason: string | undefined;
  approverGroups: string[];
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<Approval> {
  const { reason, approverGroups, catalog, credentials } = options;
  if (!reason) return { required: false };
  const refuse = (why: string) =>
    new NotAllowedError(
      `Approval required: ${reason}. ${why} Ask a member of ${
        approverGroups.join(' or ') || 'an approver group'
      } to run this onboarding.`,
    );
  if (approverGroups.length === 0) {
    throw refuse(
      'No approver group is configured (groundwork.persona.approval.groups), so nobody can approve it.',
    );
  }
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) {
    throw refuse('The task was not started by a signed-in user.');
  }
  const user = await catalog.getEntityByRef(principal.userEntityRef, {
    credentials,
  });
  const groups = new Set(
    (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r => stringifyEntityRef(parseEntityRef(r.targetRef))),
  );
  const approverGroup = approverGroups.find(g => groups.has(g));
  if (!approverGroup) {
    throw refuse(
      `${principal.userEntityRef} is not a member of an approver group.`,
    );
  }
  return {
    required: true,
    reason,
    approvedBy: principal.userEntityRef,
    approverGroup,
  };
}
