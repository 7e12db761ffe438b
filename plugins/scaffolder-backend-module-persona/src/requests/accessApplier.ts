import { AuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type {
  GroundworkRequest,
  RequestChange,
} from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import { applyGitHubTargets, checkGitHubTargets } from '../engine/github';
import { TargetResult } from '../engine/results';
import type { PersonaCoreDeps } from '../engine/deps';
import {
  removeTeamMembership,
  teamMembershipState,
} from '../github/memberships';
import { ACCESS_REQUEST_KIND } from './payload';
import { createGrantResolver, ResolvedGrant, targetWords } from './grant';
import {
  AccessRepositoryReader,
  membershipKey,
  repositoryGrants,
} from './repositoryGrants';
import { reviewAccess } from './review';

const changeStatus: Partial<
  Record<TargetResult['status'], RequestChange['status']>
> = {
  added: 'done',
  invited: 'done',
  unchanged: 'unchanged',
  failed: 'failed',
};

/** A revoke's outcome as the audit names it, like persona:offboard's. */
function revokeStatus(change: RequestChange): string {
  if (change.status === 'failed') return 'failed';
  if (change.detail?.startsWith('kept:')) return 'kept';
  return change.status === 'done' ? 'removed' : 'unchanged';
}

function describeError(error: unknown): string {
  const e = error as { status?: number; message?: string };
  return e.status ? `HTTP ${e.status}: ${e.message}` : e.message ?? `${error}`;
}

/**
 * Applies approved access requests through the code persona:onboard uses:
 * the same persona resolution, the same checks, the same idempotent
 * membership changes, audited per grant with the approver. Temporary ones
 * (with `expiresAt`) are taken back by `revoke`, verified against GitHub;
 * `review` compares what the access repository and the requests grant
 * with what GitHub reports. The catalog is read with the plugin's own
 * credentials: the requester's are long gone when a second person approves.
 */
export function createAccessRequestApplier(options: {
  deps: PersonaCoreDeps;
  auth: AuthService;
  /** The access repository (groundwork.persona.access), when configured. */
  accessRepository?: AccessRepositoryReader;
  now?: () => Date;
}): RequestApplier {
  const { deps, auth, accessRepository } = options;
  const grants = createGrantResolver({
    deps,
    credentials: () => auth.getOwnServiceCredentials(),
    now: options.now,
  });

  const audit = async (
    eventId: 'persona-grant' | 'persona-revoke',
    grant: ResolvedGrant,
    request: GroundworkRequest,
    /** What GitHub did, in the words of a TargetResult: `invited`, `removed`, `kept`… */
    change: { system: string; target: string; status: string; detail?: string },
  ) => {
    const event = await deps.auditor.createEvent({
      eventId,
      severityLevel: 'high',
      meta: {
        ...(grant.persona && { persona: grant.persona }),
        person: grant.person.email,
        githubLogin: grant.person.githubLogin,
        team: grant.subject?.team.ref ?? grant.entityRef,
        ...(grant.environment && { environment: grant.environment }),
        ...(grant.expiresAt && { expiresAt: grant.expiresAt }),
        system: change.system,
        target: change.target,
        status: change.status,
        ...(change.detail && { detail: change.detail }),
        requestId: request.id,
        requestedBy: request.requestedBy,
        approvedBy: request.decidedBy,
        ...(request.revokedBy && { revokedBy: request.revokedBy }),
      },
    });
    if (change.status === 'failed') {
      await event.fail({ error: new Error(change.detail ?? 'failed') });
    } else {
      await event.success();
    }
  };

  return {
    kind: ACCESS_REQUEST_KIND,

    async validate(payload) {
      return (await grants.resolve(payload)).payload;
    },

    async describe(payload) {
      const grant = await grants.resolve(payload);
      return {
        title: grant.title,
        subject: grant.userRef,
        changes: grant.targets.map(t => ({
          system: 'github',
          target: targetWords(t, grant.person.githubLogin),
          ...(grant.expiresAt && { detail: `until ${grant.expiresAt}` }),
        })),
        entityRef: grant.entityRef,
        ...(grant.environment && { environment: grant.environment }),
        ...(grant.expiresAt && { expiresAt: grant.expiresAt }),
      };
    },

    async apply(request, { signal }) {
      const grant = await grants.resolve(request.payload);
      const { targets, person } = grant;
      if (targets.length === 0) return { changes: [] };
      const octokit = await deps.gitHubClient();
      await checkGitHubTargets(octokit, { person }, targets, {
        signal,
        requireTeams: true,
      });
      const results = await applyGitHubTargets({
        octokit,
        subject: { person },
        targets,
        mode: 'onboard',
        removeFromOrganization: false,
        // Each membership change is idempotent; applying again redoes them.
        checkpoint: ({ fn }) => fn(),
        signal,
      });
      // Applied again after a failure, a membership this request added the
      // first time reads `unchanged`: it stays this request's to revoke.
      const before = new Map(
        (request.changes ?? []).map(c => [c.target, c.status]),
      );
      const changes = results.map((r): RequestChange => {
        const target = `${r.target} for @${person.githubLogin}`;
        let status = changeStatus[r.status] ?? 'done';
        if (status === 'unchanged' && before.get(target) === 'done') {
          status = 'done';
        }
        return {
          system: r.system,
          target,
          status,
          ...(r.detail && { detail: r.detail }),
        };
      });
      for (const result of results) {
        await audit('persona-grant', grant, request, result);
      }
      return { changes };
    },

    async revoke(request, { signal }) {
      const grant = grants.stored(request.payload);
      if (!grant) {
        throw new InputError(
          'This access request has no expiresAt: an onboarding is taken back by persona:offboard (the access repository), not by revoking the request.',
        );
      }
      const login = grant.person.githubLogin;
      const octokit = await deps.gitHubClient();
      const byPersona = await repositoryGrants(
        accessRepository,
        deps.catalogue,
        signal,
      );
      const applied = new Map(
        (request.changes ?? []).map(c => [c.target, c.status]),
      );
      const changes: RequestChange[] = [];
      let verified = true;
      for (const target of grant.targets) {
        const words = targetWords(target, login);
        const base = { system: 'github', target: words };
        if (applied.get(words) === 'unchanged') {
          // It was there before the request: not the request's to take back.
          changes.push({
            ...base,
            status: 'unchanged',
            detail: 'kept: held before this request granted it',
          });
          continue;
        }
        const persona = byPersona?.get(membershipKey(target.teamSlug!, login));
        if (persona) {
          changes.push({
            ...base,
            status: 'unchanged',
            detail: `kept: also granted by persona ${persona.persona} (${persona.path} in the access repository)`,
          });
          continue;
        }
        try {
          const outcome = await removeTeamMembership(
            octokit,
            target.org,
            target.teamSlug!,
            login,
            { signal },
          );
          // Only GitHub's 404 proves it gone.
          const state = await teamMembershipState(
            octokit,
            target.org,
            target.teamSlug!,
            login,
            { signal },
          );
          if (state !== 'absent') {
            verified = false;
            changes.push({
              ...base,
              status: 'failed',
              detail: `GitHub still reports the membership (${state}) after removing it; tried again on the next run`,
            });
            continue;
          }
          changes.push({
            ...base,
            status: outcome.status === 'removed' ? 'done' : 'unchanged',
            detail: `${
              outcome.status === 'removed'
                ? `removed (${outcome.detail})`
                : 'already gone'
            }; verified: GitHub answers 404`,
          });
        } catch (error) {
          if (signal?.aborted) throw error;
          verified = false;
          changes.push({
            ...base,
            status: 'failed',
            detail: `${describeError(error)}; tried again on the next run`,
          });
        }
      }
      for (const change of changes) {
        await audit('persona-revoke', grant, request, {
          ...change,
          status: revokeStatus(change),
        });
      }
      return { changes, verified };
    },

    async review({ requests, logger, signal }) {
      return reviewAccess({
        requests,
        logger,
        signal,
        deps,
        accessRepository,
        resolve: async payload =>
          grants.stored(payload) ?? grants.resolve(payload),
      });
    },
  };
}
