import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  ArgoCdApplication,
  ArgoCdAppProject,
} from '@groundwork/plugin-argocd-node';
import { entityFromArgoCdLabels } from '@groundwork/plugin-groundwork-common';
import { parse } from 'yaml';
import type { CreateAppInput } from '../../actions/types';
import { canonical, describeDifferences, diff } from '../../manifests/compare';
import {
  assertSameProject,
  mergeProjectSpec,
} from '../../manifests/projectRules';
import { toYaml } from '../../manifests/render';
import type { FileChange, GitOpsRepository } from './repository';

/** A manifest file of GitOps mode. */
export interface Manifest {
  kind: 'Application' | 'AppProject';
  path: string;
  object: Record<string, unknown>;
}

/**
 * Decides, file by file, what must change at a ref: the manifest as
 * rendered, keeping labels, annotations and finalizers others added to an
 * Application file (as an upsert through the API would). An AppProject file
 * that differs is a conflict for a person to settle, as in API mode, except
 * with `projectMode: merge`, where what it lacks is added to it.
 */
export class Planner {
  /** What the last plan changes, for the pull request body. */
  readonly notes: string[] = [];

  constructor(
    private readonly repo: GitOpsRepository,
    private readonly input: CreateAppInput,
    private readonly manifests: Manifest[],
    private readonly logger: LoggerService,
  ) {}

  async changesAgainst(sha: string, refName: string): Promise<FileChange[]> {
    const changes: FileChange[] = [];
    this.notes.length = 0;
    for (const manifest of this.manifests) {
      const text = await this.repo.readFile(sha, manifest.path);
      const where = `${this.repo.slug}@${refName}:${manifest.path}`;
      if (text === undefined) {
        changes.push({ path: manifest.path, content: toYaml(manifest.object) });
        this.notes.push(`add ${manifest.path}`);
        continue;
      }
      const existing = parseManifest(text, where);
      if (
        manifest.kind === 'AppProject' &&
        this.input.projectMode === 'merge'
      ) {
        const merged = this.mergedProject(existing, manifest, where);
        if (merged)
          changes.push({ path: manifest.path, content: toYaml(merged) });
        continue;
      }
      if (manifest.kind === 'AppProject') {
        assertSameProject(
          existing as { spec?: unknown },
          manifest.object as unknown as ArgoCdAppProject,
          where,
        );
        continue;
      }
      const desired = this.merged(
        existing as unknown as ArgoCdApplication,
        manifest.object,
        where,
      );
      if (canonical(existing) === canonical(desired)) continue;
      const described = describeDifferences(diff(existing, desired), where);
      if (!this.input.upsert) {
        throw new ConflictError(
          `${where} exists with a different Application:\n${described}\nSet upsert: true to update it, or choose another name.`,
        );
      }
      this.logger.info(`Updating ${where}:\n${described}`);
      this.notes.push(`update ${manifest.path}:\n${described}`);
      changes.push({ path: manifest.path, content: toYaml(desired) });
    }
    return changes;
  }

  /**
   * `projectMode: merge`: the project file with what it lacks added (the
   * rest of the file as it is), or undefined when it lacks nothing.
   */
  private mergedProject(
    existing: Record<string, unknown>,
    manifest: Manifest,
    where: string,
  ): Record<string, unknown> | undefined {
    const desired = manifest.object as unknown as ArgoCdAppProject;
    const { spec, added } = mergeProjectSpec(
      existing.spec as Record<string, unknown> | undefined,
      desired.spec,
      desired.metadata.name,
      where,
    );
    if (added.length === 0) return undefined;
    const described = added.map(a => `- ${a}`).join('\n');
    this.logger.info(
      `Adding to the Argo CD project in ${where}:\n${described}`,
    );
    this.notes.push(
      `add to the shared project ${manifest.path}:\n${described}`,
    );
    return { ...existing, spec };
  }

  private merged(
    existing: ArgoCdApplication,
    desired: Record<string, unknown>,
    where: string,
  ): Record<string, unknown> {
    const owner = entityFromArgoCdLabels(existing.metadata?.labels);
    const meta = (desired as unknown as ArgoCdApplication).metadata;
    const wanted = entityFromArgoCdLabels(meta.labels)!;
    if (
      !owner ||
      owner.entityRef !== wanted.entityRef ||
      owner.environment !== wanted.environment
    ) {
      throw new ConflictError(
        `${where} holds an Application that ${
          owner
            ? `belongs to ${owner.entityRef} (${owner.environment})`
            : 'Backstage does not manage (no groundwork.dev labels)'
        }, not ${wanted.entityRef} (${
          wanted.environment
        }). Choose another name, or change argocd.gitops.applicationPath.`,
      );
    }
    const finalizers = [
      ...new Set([
        ...(existing.metadata.finalizers ?? []),
        ...(meta.finalizers ?? []),
      ]),
    ];
    return {
      ...desired,
      metadata: {
        ...meta,
        labels: { ...existing.metadata.labels, ...meta.labels },
        annotations: { ...existing.metadata.annotations, ...meta.annotations },
        ...(finalizers.length > 0 && { finalizers }),
      },
    };
  }
}

function parseManifest(text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new ConflictError(
      `${where} is not valid YAML (${
        (error as Error).message
      }); fix or remove it, then run the step again.`,
    );
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConflictError(
      `${where} does not hold one Kubernetes object; fix or remove it, then run the step again.`,
    );
  }
  return parsed as Record<string, unknown>;
}
