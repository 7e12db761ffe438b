import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { approvalReason } from './catalogue/resolvePersona';
import { Subject } from './subject';

/**
 * Whether an onboarding's GitHub grants wait for a second person, and where
 * that stands. Files for review go into the access pull request either way.
 */
export interface Approval {
  required: boolean;
  /** Every reason, in one sentence. */
  reason?: string;
  /** `requested` once a request waits; `not requested` in a dry run. */
  state?: 'requested' | 'not requested (dry run)';
  /** The request an approver decides in the portal. */
  requestId?: string;
  /** Its page, relative to the portal. */
  requestUrl?: string;
}

/** The groups the catalog lists the person as a direct member of. */
async function groupsOf(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
  };
  if (principal.type !== 'user' || !principal.userEntityRef) return new Set();
  const user = await catalog.getEntityByRef(principal.userEntityRef, {
    credentials,
  });
  return new Set(
    (user?.relations ?? [])
      .filter(r => r.type === RELATION_MEMBER_OF)
      .map(r =>
        stringifyEntityRef(parseEntityRef(r.targetRef)).toLocaleLowerCase(
          'en-US',
        ),
      ),
  );
}

/**
 * Why this onboarding needs a second person: what the persona grants
 * (privileged, production write, organization owner), and a team the
 * person starting it is not in themselves, since otherwise anyone could
 * put anyone into any team. Empty when nothing needs approval.
 */
export async function approvalReasons(options: {
  subject: Subject;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<string[]> {
  const { subject, catalog, credentials } = options;
  const reasons: string[] = [];
  const byPersona = approvalReason(subject.persona, subject.grants);
  if (byPersona) reasons.push(byPersona);
  const groups = await groupsOf(catalog, credentials);
  if (!groups.has(subject.team.ref.toLocaleLowerCase('en-US'))) {
    reasons.push(
      `the person starting it is not a member of ${subject.team.ref}, the team it adds them to`,
    );
  }
  return reasons;
}
