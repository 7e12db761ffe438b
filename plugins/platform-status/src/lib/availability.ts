import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ENVIRONMENTS,
  parseListAnnotation,
} from '@groundwork/plugin-groundwork-common';

/**
 * True when the entity declares at least one environment in
 * `groundwork.dev/environments`; use it with `EntitySwitch` in a legacy app.
 */
export function isPlatformStatusAvailable(entity: Entity): boolean {
  return (
    parseListAnnotation(entity.metadata.annotations?.[ANNOTATION_ENVIRONMENTS])
      .length > 0
  );
}
