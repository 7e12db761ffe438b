import type { GroundworkRequest } from '@groundwork/plugin-requests-common';
import {
  absoluteTime,
  relativeTime,
} from '@groundwork/plugin-groundwork-common';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function duration(fromIso: string, toIso: string): string | undefined {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  const hours = Math.round(ms / 3600_000);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

/**
 * What an approver needs to decide, by kind, from the request's payload:
 * the rule and resource of a waiver, the budget asked for (against the one
 * set now, when the payload carries it), the grant and how long it lasts.
 */
export function requestContext(
  request: GroundworkRequest,
  now: number = Date.now(),
): Record<string, string> {
  const p = request.payload ?? {};
  const out: Record<string, string> = {};
  const entity = request.entityRef ?? str(p.entityRef) ?? str(p.system);
  const environment = request.environment ?? str(p.environment);
  const expiresAt = request.expiresAt ?? str(p.expiresAt);
  if (entity) out[request.kind === 'access' ? 'System' : 'Entity'] = entity;
  if (environment) out.Environment = environment;
  if (request.kind === 'waiver') {
    if (str(p.rule)) out.Rule = str(p.rule)!;
    if (str(p.ruleTitle)) out['Rule title'] = str(p.ruleTitle)!;
    if (str(p.resource)) out.Resource = str(p.resource)!;
  }
  if (request.kind === 'budget') {
    const asked = num(p.monthlyBudget);
    const current = num(p.currentBudget);
    if (asked !== undefined) {
      out['Monthly budget'] =
        current !== undefined
          ? `${current} now, ${asked} asked (${asked >= current ? '+' : ''}${
              asked - current
            })`
          : `${asked} asked`;
    }
    if (num(p.currentEstimate) !== undefined) {
      out['Current estimate'] = String(num(p.currentEstimate));
    }
  }
  if (request.kind === 'access') {
    // Stored normalised as { ref, name, email, githubLogin }; asked as a ref.
    const asked = p.person as
      | { ref?: unknown; githubLogin?: unknown }
      | undefined;
    const person =
      str(p.person) ??
      str(asked?.ref) ??
      request.subject ??
      str(asked?.githubLogin);
    if (person) out.For = person;
    const role = str(p.persona) ? `persona ${str(p.persona)}` : str(p.role);
    if (role) out.Role = role;
    if (request.changes.length) {
      out.Grant = request.changes
        .map(c => `${c.system}: ${c.target}`)
        .join('; ');
    }
    const lasts = expiresAt && duration(request.createdAt, expiresAt);
    if (lasts) out.Duration = lasts;
  }
  if (expiresAt) {
    out.Expires = `${relativeTime(expiresAt, now)} (${absoluteTime(
      expiresAt,
    )})`;
  }
  return out;
}
