import {
  addArgoCdPolicies,
  argoCdPolicyPath,
  PolicyFileChange,
  removeArgoCdPolicies,
} from '../render/argocd';
import {
  KUSTOMIZATION,
  renderArgoCdKustomization,
  renderKubernetesKustomization,
} from '../render/kustomization';
import { renderKubernetes } from '../render/kubernetes';
import { renderTerraform, terraformIdentityPath } from '../render/terraform';
import { RenderedFile } from '../render/types';
import { UserEntity } from '@backstage/catalog-model';
import { parse as parseYaml } from 'yaml';
import {
  ANNOTATION_OFFBOARDED,
  buildOffboardedUserEntity,
  buildUserEntity,
  renderUserEntity,
  userEntityPath,
  validateUserEntity,
} from '../render/userEntity';
import { Subject } from '../subject';
import { coversEveryEnvironment, PARTIAL_SCOPE_DETAIL } from './prepare';
import { TargetResult } from './results';
import { OutputDirectory } from './workspace';

export interface FileOutcome {
  results: TargetResult[];
  /** Files written (created or changed), relative to the output directory. */
  written: string[];
  /** Files removed, for publish:github:pull-request's filesToDelete. */
  deleted: string[];
}

function argoCdPaths(subject: Subject): string[] {
  return [
    ...new Set(
      subject.grants
        .filter(g => g.argocd)
        .map(g => argoCdPolicyPath(subject, g)),
    ),
  ];
}

/**
 * Keeps the kustomization of each touched Argo CD and Kubernetes folder
 * equal to the files it holds after this run, so merging the pull request
 * is all it takes for the access Applications to sync the change (or
 * prune what was removed).
 */
async function writeKustomizations(
  subject: Subject,
  dir: OutputDirectory,
  own: RenderedFile[],
  outcome: FileOutcome,
): Promise<void> {
  const folderOf = (p: string) => p.replace(/\/[^/]+$/, '');
  const folders: Array<[string, (names: string[]) => string]> = [
    ...new Set(argoCdPaths(subject).map(folderOf)),
  ].map(f => [f, renderArgoCdKustomization]);
  for (const f of new Set(
    own.map(o => o.path).filter(p => p.startsWith('kubernetes/')),
  )) {
    folders.push([folderOf(f), renderKubernetesKustomization]);
  }
  for (const [folder, render] of folders) {
    const file = `${folder}/${KUSTOMIZATION}`;
    const names = await dir.list(folder);
    const previous = names.includes(KUSTOMIZATION)
      ? await dir.read(file)
      : undefined;
    const hasFiles = names.some(n => n !== KUSTOMIZATION);
    // Nothing to keep an empty kustomization for when there never was one.
    if (!hasFiles && previous === undefined) continue;
    const content = render(names);
    if (content !== previous) {
      await dir.write(file, content);
      outcome.written.push(file);
    }
  }
}

/** The person's own files (not the shared Argo CD ones), rendered. */
async function renderOwnFiles(subject: Subject): Promise<RenderedFile[]> {
  const entity = buildUserEntity(subject);
  await validateUserEntity(entity);
  return [
    {
      path: userEntityPath(subject),
      content: renderUserEntity(entity),
      grants: [
        {
          system: 'catalog',
          target: `User ${subject.config.catalog.namespace}/${subject.userName}, member of ${subject.team.ref}`,
          present: content => content === renderUserEntity(entity),
        },
      ],
    },
    ...renderTerraform(subject),
    ...renderKubernetes(subject),
  ];
}

/** Renders and validates everything, so a bad input fails before any change. */
export async function renderOnboardingFiles(subject: Subject) {
  return renderOwnFiles(subject);
}

/**
 * Writes the onboarding files into the output directory: the person's own
 * files replaced, the team's Argo CD policy files merged. A grant the
 * previous file already held is `unchanged`.
 */
export async function writeOnboardingFiles(
  subject: Subject,
  dir: OutputDirectory,
  own: RenderedFile[],
  dryRun: boolean,
): Promise<FileOutcome> {
  await dir.load([...own.map(f => f.path), ...argoCdPaths(subject)]);
  const changes: Array<RenderedFile | PolicyFileChange> = [
    ...own,
    ...addArgoCdPolicies(subject, p => dir.previous(p)),
  ];
  const outcome: FileOutcome = { results: [], written: [], deleted: [] };
  const added = dryRun ? 'planned' : 'added';
  for (const file of changes) {
    const previous = dir.previous(file.path);
    for (const grant of file.grants) {
      const held = previous !== undefined && grant.present(previous);
      outcome.results.push({
        system: grant.system,
        environment: grant.environment,
        target: grant.target,
        status: held ? 'unchanged' : added,
        file: file.path,
      });
    }
    if (file.content !== undefined && file.content !== previous) {
      await dir.write(file.path, file.content);
      outcome.written.push(file.path);
    }
  }
  await writeKustomizations(subject, dir, own, outcome);
  return outcome;
}

/**
 * The inverse: the person's files for the environments in scope deleted
 * (the identity and User entity only when the scope is every environment),
 * their lines taken out of the team's Argo CD policy files. A grant no file
 * holds any more is `unchanged`.
 */
export async function writeOffboardingFiles(
  subject: Subject,
  dir: OutputDirectory,
  dryRun: boolean,
  today: string,
): Promise<FileOutcome> {
  const complete = coversEveryEnvironment(subject);
  const own = await renderOwnFiles(subject);
  await dir.load([...own.map(f => f.path), ...argoCdPaths(subject)]);
  const outcome: FileOutcome = { results: [], written: [], deleted: [] };
  const removed = dryRun ? 'planned' : 'removed';

  for (const file of own) {
    const personLevel =
      file.path === userEntityPath(subject) ||
      file.path === terraformIdentityPath(subject);
    const previous = dir.previous(file.path);
    if (personLevel && !complete) {
      for (const grant of file.grants) {
        outcome.results.push({
          system: grant.system,
          target: grant.target,
          status: 'skipped',
          detail: PARTIAL_SCOPE_DETAIL,
          file: file.path,
        });
      }
      continue;
    }
    if (
      file.path === userEntityPath(subject) &&
      subject.config.catalog.offboard === 'mark'
    ) {
      // Marked once, on the day it happened; a later run leaves it be.
      const alreadyMarked =
        previous !== undefined &&
        Boolean(
          (parseYaml(previous) as UserEntity | undefined)?.metadata
            ?.annotations?.[ANNOTATION_OFFBOARDED],
        );
      const target = `User ${subject.config.catalog.namespace}/${subject.userName}`;
      if (previous === undefined || alreadyMarked) {
        outcome.results.push({
          system: 'catalog',
          target,
          status: 'unchanged',
          detail: previous
            ? 'already marked offboarded'
            : 'not in the output directory',
          file: file.path,
        });
        continue;
      }
      await dir.write(
        file.path,
        renderUserEntity(buildOffboardedUserEntity(subject, today)),
      );
      outcome.written.push(file.path);
      outcome.results.push({
        system: 'catalog',
        target,
        status: removed,
        detail: 'marked offboarded, member of no group',
        file: file.path,
      });
      continue;
    }
    for (const grant of file.grants) {
      const held =
        previous !== undefined &&
        (grant.system === 'catalog' || grant.present(previous));
      outcome.results.push({
        system: grant.system,
        environment: grant.environment,
        target: grant.target,
        status: held ? removed : 'unchanged',
        ...(!held && { detail: 'not in the output directory' }),
        file: file.path,
      });
    }
    if (previous !== undefined) {
      await dir.remove(file.path);
      outcome.deleted.push(file.path);
    }
  }

  for (const change of removeArgoCdPolicies(subject, p => dir.previous(p))) {
    const previous = dir.previous(change.path);
    for (const grant of change.grants) {
      const held = previous !== undefined && grant.present(previous);
      outcome.results.push({
        system: grant.system,
        environment: grant.environment,
        target: grant.target,
        status: held ? removed : 'unchanged',
        ...(previous === undefined && {
          detail: 'not in the output directory',
        }),
        file: change.path,
      });
    }
    if (previous === undefined) continue;
    if (change.content === undefined) {
      await dir.remove(change.path);
      outcome.deleted.push(change.path);
    } else if (change.content !== previous) {
      await dir.write(change.path, change.content);
      outcome.written.push(change.path);
    }
  }
  // Kept when the last policy file goes: an empty generator releases the
  // keys on the next sync, while a missing folder would fail the sync.
  await writeKustomizations(subject, dir, own, outcome);
  return outcome;
}
