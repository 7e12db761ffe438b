import { ConflictError, isError } from '@backstage/errors';
import type {
  ArgoCdApplication,
  ArgoCdClient,
} from '@groundwork/plugin-argocd-node';
import { entityFromArgoCdLabels } from '@groundwork/plugin-groundwork-common';
import {
  describeDifferences,
  diff,
  missingEntries,
} from '../../manifests/compare';
import type { ApiContext } from './project';

type AppChange = 'created' | 'updated' | 'unchanged';

/**
 * Creates the Application, or compares it with the existing one and
 * updates it when `upsert` allows. Labels, annotations and finalizers that
 * others added are kept; an app that belongs to another entity or
 * environment is never taken over.
 */
export async function upsertApplication(
  ctx: ApiContext,
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
function applicationDifferences(
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
