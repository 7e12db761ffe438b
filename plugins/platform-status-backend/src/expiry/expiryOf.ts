import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_EXPIRES_AT,
  GroundworkEnvironments,
  readExpiry,
  readPreviewTeardown,
} from '@groundwork/plugin-groundwork-common';
import type { EntityExpiry } from '@groundwork/plugin-platform-status-common';
import type { ExpiryRecord } from './ExpiryRecords';

/** The annotation's value as the job keys its records, or undefined without one. */
export function expiryKeyOf(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[ANNOTATION_EXPIRES_AT]?.trim();
}

/** The entity's owner as a full ref (its ownedBy relation, else spec.owner). */
export function ownerRefOf(entity: Entity): string | undefined {
  const related = entity.relations?.find(
    r => r.type === RELATION_OWNED_BY,
  )?.targetRef;
  if (related) return related;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Why an entity with `groundwork.dev/expires-at` must not be destroyed, in
 * words that say what to fix; empty when it may be. The rule is
 * `readPreviewTeardown`, which the teardown template's
 * `groundwork:expiry:check` asks again before anything is destroyed.
 */
export function expiryProblems(
  entity: Entity,
  environments: GroundworkEnvironments,
): string[] {
  return readPreviewTeardown(entity, environments).problems;
}

/**
 * What the entity page shows of an entity's expiry: the job's record for
 * the annotation's current value when there is one, otherwise what the
 * annotation says (refused at once when it can be seen to be invalid).
 * Undefined for an entity without the annotation and no teardown running.
 */
export function expiryOf(
  entity: Entity,
  records: readonly ExpiryRecord[],
  environments: GroundworkEnvironments,
): EntityExpiry | undefined {
  const instant = (value: string) => {
    const reading = readExpiry({
      metadata: { annotations: { [ANNOTATION_EXPIRES_AT]: value } },
    });
    return reading.kind === 'expires' ? value : null;
  };
  const fromRecord = (r: ExpiryRecord): EntityExpiry => ({
    expiresAt: instant(r.expiresAt),
    state: r.state,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.taskId ? { taskId: r.taskId } : {}),
  });
  const running = records.find(r => r.state === 'tearing-down');
  if (running) return fromRecord(running);
  const key = expiryKeyOf(entity);
  if (key === undefined) return undefined;
  const record = records.find(r => r.expiresAt === key);
  const problems = expiryProblems(entity, environments);
  // A refusal whose cause was fixed since the job last ran is no longer one.
  if (record && (record.state !== 'refused' || problems.length > 0)) {
    return fromRecord(record);
  }
  if (problems.length > 0) {
    return {
      expiresAt: instant(key),
      state: 'refused',
      reason: problems.join(' '),
    };
  }
  return { expiresAt: instant(key), state: 'scheduled' };
}
