import { ResponseError } from '@backstage/errors';

/**
 * What the backend said, not `Request failed with 400`: a ResponseError's
 * message is the status line, the reason (what to do) is in its body.
 */
export function errorMessage(e: unknown): string {
  if (e instanceof ResponseError) return e.body?.error?.message || e.message;
  return e instanceof Error ? e.message : String(e);
}
