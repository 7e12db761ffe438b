import { ConflictError, NotFoundError, isError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/config';
import type {
  ArgoCdApplication,
  ArgoCdAppProject,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import {
  abortableSleep,
  backoffDelay,
} from '@groundwork/plugin-groundwork-node';
import { entityFromArgoCdLabels } from '@groundwork/plugin-groundwork-common';
import { describeDifferences, diff, missingEntries } from './compare';
import { mergeProjectSpec } from './projectMerge';

type Checkpoint = <T extends JsonValue | void>(opts: {
  key: string;
  fn: () => Promise<T> | T;
}) => Promise<T>;

export interface ApiModeContext {
  client: ArgoCdClient;
  logger: LoggerService;
  signal?: AbortSignal;
  checkpoint: Checkpoint;
}

/** What `ensureProject` did to the project. */
export type ProjectChange = 'reused' | 'created' | 'updated';

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
  ctx: ApiModeContext,
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
  ctx: ApiModeContext,
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

export function assertSameProject(
  existing: { spec?: unknown },
  desired: ArgoCdAppProject,
  where: string,
) {
  const differences = diff(existing.spec, desired.spec, 'spec');
  if (differences.length > 0) {
    throw new ConflictError(
      `The Argo CD project "${
        desired.metadata.name
      }" exists on "${where}" with a different spec:\n${describeDifferences(
        differences,
        where,
      )}\nA project grants permissions to every application in it, so argocd:create-app does not change it. Align projectSpec with it, use projectMode: reuse to use it as it is (or projectMode: merge to add to it what it lacks), or have an Argo CD admin change it.`,
    );
  }
}

export type AppChange = 'created' | 'updated' | 'unchanged';

/**
 * Creates the Application, or compares it with the existing one and
 * updates it when `upsert` allows. Labels, annotations and finalizers that
 * others added are kept; an app that belongs to another entity or
 * environment is never taken over.
 */
export async function upsertApplication(
  ctx: ApiModeContext,
  desired: ArgoCdApplication,
  options: { upsert: boolean; validate: boolean },
): Promise<{ change: AppChange; app: ArgoCdApplication }> {
  const { client, logger, signal } = ctx;
  const name = desired.metadata.name;
  const appNamespace = desired.metadata.namespace;
  // Read in the project the app is created in: without a project Argo CD
  // answers 403 for a missing app, and with one it answers "not found"
  // also for an app that exists in another project.
  const project = desired.spec.project || 'default';
  const key = `${client.name}.${appNamespace ?? ''}.${name}`;
  for (let attempt = 0; ; attempt++) {
    const existing = await client.getApplication(name, {
      appNamespace,
      project,
      signal,
    });
    let write: () => Promise<ArgoCdApplication>;
    let change: AppChange;
    if (!existing) {
      change = 'created';
      write = () =>
        ctx.checkpoint({
          key: `argocd.app.create.${key}`,
          fn: async () =>
            toJson(
              await client.createApplication(desired, {
                upsert: false,
                validate: options.validate,
                signal,
              }),
            ),
        }) as Promise<ArgoCdApplication>;
    } else {
      assertSameOwner(existing, desired, client.name);
      const differences = applicationDifferences(existing, desired);
      if (differences.length === 0) {
        logger.info(
          `The Argo CD application ${name} exists with the same spec; unchanged`,
        );
        return { change: 'unchanged', app: existing };
      }
      const described = describeDifferences(
        differences,
        `Argo CD "${client.name}"`,
      );
      if (!options.upsert) {
        throw new ConflictError(
          `The Argo CD application ${name} exists with a different spec:\n${described}\nSet upsert: true to update it, or choose another name.`,
        );
      }
      logger.info(`Updating the Argo CD application ${name}:\n${described}`);
      change = 'updated';
      const update = withKeptFinalizers(desired, existing);
      write = () =>
        ctx.checkpoint({
          key: `argocd.app.update.${key}`,
          fn: async () =>
            toJson(
              await client.createApplication(update, {
                upsert: true,
                validate: options.validate,
                signal,
              }),
            ),
        }) as Promise<ArgoCdApplication>;
    }
    try {
      const app = await write();
      logger.info(
        `${
          change === 'created' ? 'Created' : 'Updated'
        } the Argo CD application ${name}`,
      );
      return { change, app };
    } catch (error) {
      if (!existing && isSpecDifferent(error)) {
        // Not found in our project, yet Argo CD holds an app of that name.
        if (attempt > 0) {
          throw await inAnotherProject(
            client,
            name,
            project,
            appNamespace,
            signal,
          );
        }
        // Or someone created it in our project meanwhile: read it again.
        logger.warn(
          `The Argo CD application ${name} appeared while this step created it; reading it again`,
        );
        continue;
      }
      if (attempt === 0 && isRace(error)) {
        logger.warn(
          `Someone else changed the Argo CD application ${name} at the same time; reading it again`,
        );
        continue;
      }
      throw error;
    }
  }
}

/** What the existing app lacks of the desired one. */
export function applicationDifferences(
  existing: ArgoCdApplication,
  desired: ArgoCdApplication,
) {
  return [
    ...diff(existing.spec, desired.spec, 'spec'),
    ...missingEntries(
      existing.metadata.labels,
      desired.metadata.labels,
      'metadata.labels',
    ),
    ...missingEntries(
      existing.metadata.annotations,
      desired.metadata.annotations,
      'metadata.annotations',
    ),
    ...(desired.metadata.finalizers ?? [])
      .filter(f => !(existing.metadata.finalizers ?? []).includes(f))
      .map(f => ({
        path: 'metadata.finalizers',
        existing: existing.metadata.finalizers,
        requested: [f],
      })),
  ];
}

/** Never drop a finalizer someone else set: it changes what deleting the app does. */
function withKeptFinalizers(
  desired: ArgoCdApplication,
  existing: ArgoCdApplication,
): ArgoCdApplication {
  const finalizers = [
    ...new Set([
      ...(existing.metadata.finalizers ?? []),
      ...(desired.metadata.finalizers ?? []),
    ]),
  ];
  const { finalizers: _requested, ...rest } = desired.metadata;
  return {
    ...desired,
    metadata: finalizers.length > 0 ? { ...rest, finalizers } : rest,
  };
}

/**
 * Another writer got there between our read and our write: Argo CD answers
 * 409, or, when the app appeared meanwhile, its "spec is different" 400.
 */
function isRace(error: unknown) {
  return (
    isError(error) && (error.name === 'ConflictError' || isSpecDifferent(error))
  );
}

/** Argo CD's 400 for a create whose app exists with another spec. */
function isSpecDifferent(error: unknown) {
  return (
    isError(error) &&
    error.name === 'InputError' &&
    error.message.includes('existing application spec is different')
  );
}

/**
 * The app exists but not in `project` (or this account may not read it).
 * An upsert would move it into `project`, out of the one that governs it
 * now, so the step stops. Names the other project when the account may
 * read the app without one.
 */
async function inAnotherProject(
  client: ArgoCdClient,
  name: string,
  project: string,
  appNamespace: string | undefined,
  signal: AbortSignal | undefined,
): Promise<ConflictError> {
  let other: string | undefined;
  try {
    const app = await client.request<ArgoCdApplication>(
      'GET',
      `/api/v1/applications/${encodeURIComponent(name)}`,
      { query: { appNamespace }, signal },
    );
    other = app.spec?.project || 'default';
  } catch {
    // 403: this account may not read it; say so without naming a project.
  }
  return new ConflictError(
    `An Argo CD application named ${name} already exists on "${client.name}" ${
      other
        ? `in the project "${other}"`
        : 'in another project (one this account may not read)'
    }, not in "${project}". argocd:create-app does not move an application between projects, since the project decides what it may deploy and who may change it. Choose another name, or ask an Argo CD admin to delete the existing application or move it to "${project}".`,
  );
}

function assertSameOwner(
  existing: ArgoCdApplication,
  desired: ArgoCdApplication,
  where: string,
) {
  const owner = entityFromArgoCdLabels(existing.metadata.labels);
  const wanted = entityFromArgoCdLabels(desired.metadata.labels)!;
  if (!owner) {
    throw new ConflictError(
      `An Argo CD application named ${existing.metadata.name} already exists on "${where}" and is not managed by Backstage (it has no groundwork.dev labels). Choose another name, or add the labels groundwork.dev/entity-name and groundwork.dev/environment to it if Backstage should adopt it.`,
    );
  }
  if (
    owner.entityRef !== wanted.entityRef ||
    owner.environment !== wanted.environment
  ) {
    throw new ConflictError(
      `The Argo CD application ${existing.metadata.name} on "${where}" belongs to ${owner.entityRef} (${owner.environment}), not ${wanted.entityRef} (${wanted.environment}). Choose another name.`,
    );
  }
}

/** Checkpoints store JSON; the app is plain JSON already. */
function toJson(app: ArgoCdApplication) {
  return JSON.parse(JSON.stringify(app));
}
