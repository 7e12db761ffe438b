import { AuthService } from '@backstage/backend-plugin-api';
import type { RequestChange } from '@groundwork/plugin-requests-common';
import type { RequestApplier } from '@groundwork/plugin-requests-node';
import {
  applyGitHubTargets,
  checkGitHubTargets,
  gitHubTargets,
} from '../engine/github';
import { prepareSubject } from '../engine/prepare';
import { TargetResult } from '../engine/results';
import type { PersonaCoreDeps } from '../engine/deps';
import {
  accessRequestPayload,
  ACCESS_REQUEST_KIND,
  subjectInputOf,
} from './payload';

const changeStatus: Partial<
  Record<TargetResult['status'], RequestChange['status']>
> = {
  added: 'done',
  invited: 'done',
  unchanged: 'unchanged',
  failed: 'failed',
};

/**
 * Applies an approved onboarding's GitHub grants through the code
 * persona:onboard uses: the same persona resolution, the same checks, the
 * same idempotent membership changes, audited per grant with the approver.
 * The catalog is read with the plugin's own credentials: the requester's
 * are long gone when a second person approves.
 */
export function createAccessRequestApplier(options: {
  deps: PersonaCoreDeps;
  auth: AuthService;
}): RequestApplier {
  const { deps, auth } = options;
  const subjectOf = async (payload: unknown) =>
    prepareSubject({
      input: subjectInputOf(payload),
      requireName: true,
      catalogue: deps.catalogue,
      environments: deps.environments,
      config: deps.config,
      catalog: deps.catalog,
      credentials: await auth.getOwnServiceCredentials(),
    });

  return {
    kind: ACCESS_REQUEST_KIND,

    async validate(payload) {
      await subjectOf(payload);
      return accessRequestPayload(subjectInputOf(payload));
    },

    async describe(payload) {
      const subject = await subjectOf(payload);
      const who = subject.person.name ?? subject.person.githubLogin;
      return {
        title: `Onboard ${who} as ${subject.persona.title} in ${subject.team.name}`,
        subject: `user:${deps.config.catalog.namespace}/${subject.userName}`,
        changes: gitHubTargets(subject).map(t => ({
          system: 'github',
          target: `${t.label} (${t.role}) for @${subject.person.githubLogin}`,
        })),
      };
    },

    async apply(request, { signal }) {
      const subject = await subjectOf(request.payload);
      const targets = gitHubTargets(subject);
      if (targets.length === 0) return { changes: [] };
      const octokit = await deps.gitHubClient();
      await checkGitHubTargets(octokit, subject, targets, {
        signal,
        requireTeams: true,
      });
      const results = await applyGitHubTargets({
        octokit,
        subject,
        targets,
        mode: 'onboard',
        removeFromOrganization: false,
        // Each membership change is idempotent; applying again redoes them.
        checkpoint: ({ fn }) => fn(),
        signal,
      });
      for (const result of results) {
        const event = await deps.auditor.createEvent({
          eventId: 'persona-grant',
          severityLevel: 'high',
          meta: {
            persona: subject.persona.id,
            person: subject.person.email,
            githubLogin: subject.person.githubLogin,
            team: subject.team.ref,
            system: result.system,
            target: result.target,
            status: result.status,
            ...(result.detail && { detail: result.detail }),
            requestId: request.id,
            requestedBy: request.requestedBy,
            approvedBy: request.decidedBy,
          },
        });
        if (result.status === 'failed') {
          await event.fail({ error: new Error(result.detail ?? 'failed') });
        } else {
          await event.success();
        }
      }
      return {
        changes: results.map(r => ({
          system: r.system,
          target: `${r.target} for @${subject.person.githubLogin}`,
          status: changeStatus[r.status] ?? 'done',
          ...(r.detail && { detail: r.detail }),
        })),
      };
    },
  };
}
