import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { GroundworkPermissionsConfig } from '@groundwork/plugin-groundwork-node';
import { entityOwnersOnly, managerOnly, taskOwnerOnly } from './conditions';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** One signed-in person, as the policy sees them. */
export interface Requester {
  userEntityRef: string;
  /** The person and their groups, as given and in lower case. */
  claims: string[];
  isAdmin: boolean;
  inAny(groups: string[]): boolean;
}

type Rule = (query: PolicyQuery, who: Requester) => PolicyDecision;

/**
 * Permissions every signed-in person has: reading the catalog (platform
 * status follows it), starting templates (whose steps then ask for their
 * own permissions), registering what a template created.
 */
const EVERYONE = new Set([
  'catalog.entity.read',
  'catalog.entity.refresh',
  'catalog.entity.validate',
  'catalog.location.read',
  'catalog.location.analyze',
  'catalog.location.create',
  'catalog.entity.create',
  'scaffolder.task.create',
  'scaffolder.action.execute',
  'scaffolder.template.parameter.read',
  'scaffolder.template.step.read',
]);

/**
 * Decisions that depend on who asks. Administrators are allowed anything
 * not listed here before any of these apply.
 */
const RULES: Record<string, Rule> = {
  // Changing an entity, its status or its catalog record: its owners.
  'groundwork.entity.change': (q, who) => entityOwnersOnly(q, who.claims),
  'platform-status.entity.refresh': (q, who) => entityOwnersOnly(q, who.claims),
  'catalog.entity.delete': (q, who) => entityOwnersOnly(q, who.claims),
  // Offboarding: the person's manager (or a member of the manager group).
  'groundwork.user.offboard': (q, who) => managerOnly(q, who.claims),
  // Another person's task, its logs and its cancellation: administrators.
  'scaffolder.task.read': (q, who) => taskOwnerOnly(q, who.userEntityRef),
  'scaffolder.task.cancel': (q, who) => taskOwnerOnly(q, who.userEntityRef),
  // Template editing and dry runs run what the caller supplies.
  'scaffolder.template.dry-run': () => DENY,
  'scaffolder.template.management': () => DENY,
  'catalog.location.delete': () => DENY,
};

/**
 * Groundwork's default permission policy. Nothing is allowed to someone who
 * is not signed in; administrators (`groundwork.permissions.adminGroups`)
 * are allowed everything but approving (which is the approvers' alone);
 * everyone else gets what the tables above say, and for a permission no
 * table names, reads but not changes.
 */
export class GroundworkPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly config: GroundworkPermissionsConfig,
    private readonly onUnknown?: (permissionName: string) => void,
  ) {}

  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return DENY;
    const who = this.requester(user);
    const name = query.permission.name;

    if (name === 'groundwork.request.approve') {
      return who.inAny(this.config.approverGroups) ? ALLOW : DENY;
    }
    if (name === 'groundwork.environment.production.change') {
      return who.isAdmin || who.inAny(this.config.productionGroups)
        ? ALLOW
        : DENY;
    }
    if (who.isAdmin) return ALLOW;
    if (EVERYONE.has(name)) return ALLOW;
    const rule = RULES[name];
    if (rule) return rule(query, who);

    // A plugin this policy does not know: reads follow the signed-in
    // default, anything that changes something waits for a rule.
    if (query.permission.attributes.action === 'read') return ALLOW;
    this.onUnknown?.(name);
    return DENY;
  }

  private requester(user: PolicyQueryUser): Requester {
    // As the token says them and in lower case: entity refs compare
    // case-insensitively, the catalog's rules compare strings.
    const given = user.info.ownershipEntityRefs;
    const lower = given.map(r => r.toLocaleLowerCase('en-US'));
    const claims = [...new Set([...given, ...lower])];
    const inAny = (groups: string[]) => groups.some(g => lower.includes(g));
    return {
      userEntityRef: user.info.userEntityRef,
      claims,
      isAdmin: inAny(this.config.adminGroups),
      inAny,
    };
  }
}
