import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { parseNewEntityRef } from '../requireNewEntity';
import { IMAGE_TAG } from './overlay';

/** The kind of request a production promotion waits on. */
export const PROMOTION_REQUEST_KIND = 'promotion';

/** What an approver approves: this service, into this environment, at this image. */
export interface PromotionPayload extends JsonObject {
  entityRef: string;
  environment: string;
  previousEnvironment: string;
  imageTag: string;
}

const ENV = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Checks and normalises a promotion request's payload (also before applying). */
export function promotionPayload(value: unknown): PromotionPayload {
  const p = (value ?? {}) as Record<string, unknown>;
  const str = (key: string) => {
    const v = p[key];
    if (typeof v !== 'string' || !v) {
      throw new InputError(`A promotion request needs ${key}.`);
    }
    return v;
  };
  const environment = str('environment');
  const previousEnvironment = str('previousEnvironment');
  for (const [k, v] of [
    ['environment', environment],
    ['previousEnvironment', previousEnvironment],
  ]) {
    if (!ENV.test(v)) {
      throw new InputError(`${k} "${v}" is not an environment name.`);
    }
  }
  const imageTag = str('imageTag');
  if (!IMAGE_TAG.test(imageTag)) {
    throw new InputError(
      `imageTag ${JSON.stringify(imageTag)} is not a container image tag.`,
    );
  }
  return {
    entityRef: stringifyEntityRef(parseNewEntityRef(str('entityRef'))),
    environment,
    previousEnvironment,
    imageTag,
  };
}

/** Whether two payloads ask for the same promotion. */
export const samePromotion = (a: PromotionPayload, b: PromotionPayload) =>
  a.entityRef.toLocaleLowerCase('en-US') ===
    b.entityRef.toLocaleLowerCase('en-US') &&
  a.environment === b.environment &&
  a.imageTag === b.imageTag;
