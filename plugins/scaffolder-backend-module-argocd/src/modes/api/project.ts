import { ConflictError, NotFoundError, isError } from '@backstage/errors';
import type { JsonValue } from '@backstage/config';
import type {
  ArgoCdAppProject,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import {
  abortableSleep,
  backoffDelay,
} from '@groundwork/plugin-groundwork-node';
import {
  assertSameProject,
  mergeProjectSpec,
} from '../../manifests/projectRules';
import type { StepContext } from '../types';

/** What the API mode's writes need: the step, and the client of its instance. */
export interface ApiContext extends StepContext {
  client: ArgoCdClient;
}

/** What `ensureProject` did to the project. */
type ProjectChange = 'reused' | 'created' | 'updated';

/** Read-merge-write rounds before a project that keeps changing is an error. */
export const PROJECT_MERGE_ATTEMPTS = 5;

/** First backoff before reading a changed project again; doubles, with full jitter. */
const MERGE_BACKOFF_MS = 100;

/**
 * `projectMode: reuse`: the project must exist. `create`: create it, or
 * reuse it when its spec is the one asked for; a different spec is a
 * conflict a person must settle, since a project grants permissions to
 * every app in it. `merge`: create it, or add to it what it lacks of
 * `desired` (see `mergeProjectSpec`), for a project shared by a team's
 * services.
 */
export async function ensureProject(
  ctx: ApiContext,
  mode: 'reuse' | 'create' | 'merge',
  desired: ArgoCdAppProject | undefined,
  name: string,
): Promise<ProjectChange> {
  const { client, logger, signal } = ctx;
  const existing = await client.getProject(name, { signal });
  if (mode === 'reuse') {
    if (!existing) {
      throw new NotFoundError(
        `The Argo CD project "${name}" does not exist on instance "${client.name}". Ask an Argo CD admin to create it, pick an existing project, or set projectMode: create.`,
      );
    }
    logger.info(`Using the existing Argo CD project ${name}`);
    return 'reused';
  }
  if (existing && mode === 'merge') {
    return mergeIntoProject(ctx, desired!, existing);
  }
  if (existing) {
    assertSameProject(existing, desired!, client.name);
    logger.info(
      `The Argo CD project ${name} exists with the same spec; reusing it`,
    );
    return 'reused';
  }
  try {
    await ctx.checkpoint({
      key: `argocd.project.create.${client.name}.${name}`,
      fn: async () => {
        await client.createProject(desired!, { signal });
      },
    });
  } catch (error) {
    // Another template of the team created it since our read: add to it.
    if (mode !== 'merge' || !isProjectSpecDifferent(error)) throw error;
    const created = await client.getProject(name, { signal });
    if (!created) throw error;
    logger.warn(
      `The Argo CD project ${name} appeared while this step created it; adding to it instead`,
    );
    return mergeIntoProject(ctx, desired!, created);
  }
  logger.info(`Created the Argo CD project ${name}`);
  return 'created';
}

/**
 * Adds what `existing` lacks of `desired`, with the resourceVersion it was
 * read with: when someone changed the project in between (two templates of
 * the same team at once), Argo CD answers 409 and the merge starts again
 * from a fresh read, a bounded number of times. No update is sent when
 * nothing is missing. The write is one checkpoint, whatever the attempts,
 * so a recovered task does not send it again once it succeeded; running
 * it again is harmless anyway, since a merge adds only what is missing.
 */
async function mergeIntoProject(
  ctx: ApiContext,
  desired: ArgoCdAppProject,
  existing: ArgoCdAppProject,
): Promise<ProjectChange> {
  const { client, logger, signal } = ctx;
  const name = desired.metadata.name;
  const where = `instance "${client.name}"`;
  const first = mergeProjectSpec(existing.spec, desired.spec, name, where);
  if (first.added.length === 0) {
    logger.info(
      `The Argo CD project ${name} already permits what this application needs; unchanged`,
    );
    return 'reused';
  }
  const result = await ctx.checkpoint<JsonValue>({
    key: `argocd.project.merge.${client.name}.${name}`,
    fn: async () => {
      let current = existing;
      for (let attempt = 1; ; attempt++) {
        const { spec, added } = mergeProjectSpec(
          current.spec,
          desired.spec,
          name,
          where,
        );
        if (added.length === 0) return { added };
        try {
          await client.updateProject({ ...current, spec }, { signal });
          logger.info(
            `Added to the Argo CD project ${name}:\n${added
              .map(a => `- ${a}`)
              .join('\n')}`,
          );
          return { added };
        } catch (error) {
          if (!(isError(error) && error.name === 'ConflictError')) throw error;
          if (attempt >= PROJECT_MERGE_ATTEMPTS) {
            throw new ConflictError(
              `The Argo CD project "${name}" on ${where} changed under argocd:create-app ${PROJECT_MERGE_ATTEMPTS} times while it added to it: other steps are changing it at the same time. Run the step again; it adds only what is still missing.`,
            );
          }
          logger.warn(
            `Someone else changed the Argo CD project ${name} since this step read it; reading it again (attempt ${
              attempt + 1
            } of ${PROJECT_MERGE_ATTEMPTS})`,
          );
          await abortableSleep(
            backoffDelay(attempt - 1, { baseMs: MERGE_BACKOFF_MS }),
            signal,
          );
          const reread = await client.getProject(name, { signal });
          if (!reread) {
            throw new ConflictError(
              `The Argo CD project "${name}" on ${where} was deleted while argocd:create-app added to it. Run the step again to create it.`,
            );
          }
          current = reread;
        }
      }
    },
  });
  const added = (result as { added?: string[] } | undefined)?.added ?? [];
  if (added.length === 0) {
    logger.info(
      `The Argo CD project ${name} already permits what this application needs; unchanged`,
    );
    return 'reused';
  }
  return 'updated';
}

/** Argo CD's 400 for a create whose project exists with another spec. */
function isProjectSpecDifferent(error: unknown) {
  return (
    isError(error) &&
    error.name === 'InputError' &&
    error.message.includes('existing project spec is different')
  );
}
