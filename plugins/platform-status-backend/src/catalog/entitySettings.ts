import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_ARGOCD_APPS,
  ANNOTATION_BUDGETS,
  parseBudgetAmount,
  ANNOTATION_COST_ALLOCATION,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_TERRAFORM_STATE,
  GroundworkEnvironments,
  parseListAnnotation,
  parseMapAnnotation,
} from '@groundwork/plugin-groundwork-common';

/** Backstage's Kubernetes plugin's annotation: the id of the entity's workloads. */
const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** What an entity's `groundwork.dev/*` annotations say, parsed once at sync. */
interface EntitySettings {
  /** Declared environments that are configured, in configured order. */
  environments: string[];
  /** Budget overrides per environment. */
  budgets: Record<string, number>;
  /** Argo CD applications named by annotation, per environment. */
  argocdApps: Record<string, { instance?: string; app: string }>;
  /** Terraform state location per environment, shown to people. */
  terraformState: Record<string, string>;
  /** Value of the cost-allocation tag that names this entity. */
  costAllocation: string;
  /**
   * `backstage.io/kubernetes-id`: names the entity's workloads and, from
   * the new-service template, their namespace (policy reports are placed by it).
   */
  kubernetesId?: string;
  /** Annotation problems, in words, for the response's `warnings`. */
  warnings: string[];
}

/** A catalog entity as platform status keeps it. */
export interface MirroredEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  owner?: string;
  system?: string;
  settings: EntitySettings;
  /** Kept for evaluating catalog permission conditions locally. */
  entity: Entity;
}

function firstRelation(entity: Entity, type: string): string | undefined {
  return entity.relations?.find(r => r.type === type)?.targetRef;
}

function readEntitySettings(
  entity: Entity,
  environments: GroundworkEnvironments,
): EntitySettings {
  const annotations = entity.metadata.annotations ?? {};
  const warnings: string[] = [];
  const known = (name: string, annotation: string) => {
    if (environments.find(name)) return true;
    warnings.push(
      `${annotation} names the environment "${name}", which is not configured (configured: ${environments.environments
        .map(e => e.name)
        .join(', ')}); it is ignored.`,
    );
    return false;
  };

  const declared = new Set(
    parseListAnnotation(annotations[ANNOTATION_ENVIRONMENTS]).filter(name =>
      known(name, ANNOTATION_ENVIRONMENTS),
    ),
  );

  const map = (annotation: string) => {
    const { entries, invalid } = parseMapAnnotation(annotations[annotation]);
    for (const entry of invalid) {
      warnings.push(
        `${annotation} has the entry "${entry}", which is not environment=value; it is ignored.`,
      );
    }
    return Object.entries(entries).filter(([env]) => known(env, annotation));
  };

  const budgets: Record<string, number> = {};
  for (const [env, value] of map(ANNOTATION_BUDGETS)) {
    const amount = parseBudgetAmount(value);
    if (amount === undefined) {
      warnings.push(
        `${ANNOTATION_BUDGETS} gives "${value}" for ${env}, which is not an amount of at least 0; the environment's default budget applies.`,
      );
      continue;
    }
    budgets[env] = amount;
  }

  const argocdApps: EntitySettings['argocdApps'] = {};
  for (const [env, value] of map(ANNOTATION_ARGOCD_APPS)) {
    const slash = value.indexOf('/');
    argocdApps[env] =
      slash > 0
        ? { instance: value.slice(0, slash), app: value.slice(slash + 1) }
        : { app: value };
  }

  const terraformState: Record<string, string> = Object.fromEntries(
    map(ANNOTATION_TERRAFORM_STATE),
  );

  return {
    environments: environments.environments
      .map(e => e.name)
      .filter(name => declared.has(name)),
    budgets,
    argocdApps,
    terraformState,
    costAllocation:
      annotations[ANNOTATION_COST_ALLOCATION]?.trim() || entity.metadata.name,
    kubernetesId: annotations[ANNOTATION_KUBERNETES_ID]?.trim() || undefined,
    warnings,
  };
}

export function mirrorEntity(
  entity: Entity,
  environments: GroundworkEnvironments,
): MirroredEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    kind: entity.kind.toLocaleLowerCase('en-US'),
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
    title: entity.metadata.title,
    owner: firstRelation(entity, RELATION_OWNED_BY),
    system:
      entity.relations
        ?.filter(r => r.type === RELATION_PART_OF)
        .map(r => r.targetRef)
        .find(ref => ref.startsWith('system:')) ?? undefined,
    settings: readEntitySettings(entity, environments),
    entity,
  };
}
