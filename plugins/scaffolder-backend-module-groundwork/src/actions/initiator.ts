import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/**
 * The person who started the task, with their credentials: requests are
 * asked for by people, so a task started by a service is refused with
 * `refusal` (what it would have asked for).
 */
export async function initiatingPerson(
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
  refusal: string,
): Promise<{ credentials: BackstageCredentials; person: string }> {
  const credentials = await ctx.getInitiatorCredentials();
  const person = (credentials.principal as { userEntityRef?: string })
    .userEntityRef;
  if (!person) throw new NotAllowedError(refusal);
  return { credentials, person };
}
