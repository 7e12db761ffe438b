import type { PlanResource } from '../../../plan/types';
import { readExpression } from '../../../plan/configIndex';
import {
  AttributePath,
  asStringList,
  blocks,
  maskHidesAnyAt,
} from '../../../plan/values';
import type { RuleContext, RuleOutcome } from '../../types';
import { fail, hiddenUntilApply, notApplicable, pass } from '../helpers';

/** Cloud SQL engines, as `database_version` spells their prefix. */
export type SqlEngine = 'POSTGRES' | 'MYSQL' | 'SQLSERVER';

const ENGINE_LABEL: Record<SqlEngine, string> = {
  POSTGRES: 'PostgreSQL',
  MYSQL: 'MySQL',
  SQLSERVER: 'SQL Server',
};

/**
 * The instance's `database_version` when it is of `engine`; otherwise the
 * outcome to return (not applicable to another engine, or hidden).
 */
export function sqlVersionFor(
  db: PlanResource,
  ctx: RuleContext,
  engine: SqlEngine,
): string | RuleOutcome {
  const read = ctx.read(db, ['database_version']);
  if (read.state === 'unknown') return hiddenUntilApply('database_version');
  const version = typeof read.value === 'string' ? read.value : '';
  if (!version.startsWith(engine))
    return notApplicable(
      `A ${version || 'different engine'} instance: the flag is ${
        ENGINE_LABEL[engine]
      }'s.`,
    );
  return version;
}

/** The major version in `POSTGRES_15` or `MYSQL_8_0` (15, 8). */
export function majorVersion(version: string): number | undefined {
  const m = /_(\d+)/.exec(version);
  return m ? Number(m[1]) : undefined;
}

export interface SqlFlagSpec {
  engine: SqlEngine;
  flag: string;
  /** What a compliant value looks like, for messages (e.g. `on`). */
  expected: string;
  compliant: (value: string) => boolean;
  /**
   * The value the engine uses when the flag is not set, for the instance's
   * `database_version`; undefined when the rule wants the flag set explicitly.
   */
  engineDefault?: (version: string) => string | undefined;
}

/**
 * Judges one Cloud SQL database flag: a set value is judged, an unset one by
 * the engine's default (or fails when the flag must be set explicitly), and
 * flags hidden until apply are unknown.
 */
export function judgeSqlFlag(
  db: PlanResource,
  ctx: RuleContext,
  spec: SqlFlagSpec,
): RuleOutcome {
  const version = sqlVersionFor(db, ctx, spec.engine);
  if (typeof version !== 'string') return version;
  const path = ['settings', 0, 'database_flags'];
  const read = ctx.read(db, path);
  if (read.state === 'unknown')
    return hiddenUntilApply('settings.database_flags');
  const flag = blocks(read.value).find(f => f.name === spec.flag);
  if (flag === undefined && maskHidesAnyAt(db.afterUnknown, path))
    return hiddenUntilApply('settings.database_flags');
  if (flag !== undefined) {
    if (typeof flag.value !== 'string')
      return hiddenUntilApply(`The database flag ${spec.flag}`);
    return spec.compliant(flag.value)
      ? pass(`database flag ${spec.flag} is ${flag.value}.`)
      : fail(
          `database flag ${spec.flag} is ${flag.value}; set it to ${spec.expected}.`,
        );
  }
  const fallback = spec.engineDefault?.(version);
  if (fallback === undefined)
    return fail(
      `database flag ${spec.flag} is not set; set it to ${spec.expected} in settings.database_flags.`,
    );
  return spec.compliant(fallback)
    ? pass(`database flag ${spec.flag} is ${fallback} (engine default).`)
    : fail(
        `database flag ${spec.flag} is not set, so the engine default ${fallback} applies; set it to ${spec.expected}.`,
      );
}

/** Members of an IAM member (`member`) or binding (`members`) resource. */
export function iamMembers(
  grant: PlanResource,
  ctx: RuleContext,
): string[] | RuleOutcome {
  const attr = grant.type.endsWith('_binding') ? 'members' : 'member';
  const read = ctx.read(grant, [attr]);
  if (read.state === 'unknown' || maskHidesAnyAt(grant.afterUnknown, [attr]))
    return hiddenUntilApply(attr);
  return asStringList(read.value);
}

const CUSTOM_ROLE = /^google_(project|organization)_iam_custom_role\./;

/**
 * The granted role, or the outcome when it is hidden. A custom role the
 * same apply creates has its id only after apply, but it is neither a basic
 * nor a predefined role, which is all the role rules ask.
 */
export function iamRole(
  grant: PlanResource,
  ctx: RuleContext,
): string | RuleOutcome {
  const read = ctx.read(grant, ['role']);
  if (read.state === 'unknown') {
    const expr = readExpression(
      ctx.plan.config.resourceOf(grant)?.expressions.role,
    );
    const custom = expr?.references.find(r => CUSTOM_ROLE.test(r));
    return custom
      ? pass(
          `role is the custom role ${custom.replace(
            /\.(id|name|role_id)$/,
            '',
          )} of this plan: neither a basic nor a predefined role.`,
        )
      : hiddenUntilApply('role');
  }
  return typeof read.value === 'string' ? read.value : '';
}

/** IAM member and binding types for each of `resources` (e.g. `google_project`). */
export function iamTypes(...resources: string[]): string[] {
  return resources.flatMap(r => [`${r}_iam_member`, `${r}_iam_binding`]);
}

/**
 * A boolean the provider turns on when it is not set: a known false fails,
 * an unset value (null, or computed and not configured) passes as the
 * provider default, and a configured value hidden until apply is unknown.
 */
export function expectTrueByDefault(
  ctx: RuleContext,
  resource: PlanResource,
  path: AttributePath,
  label: string,
  what: string,
): RuleOutcome {
  const read = ctx.read(resource, path);
  if (read.state === 'unknown')
    return read.configured
      ? hiddenUntilApply(label)
      : pass(`${what}: ${label} is true (provider default).`);
  if (read.value === null)
    return pass(
      `${what}: ${label} is not set, so it is on (provider default).`,
    );
  return read.value === true || read.value === 'true'
    ? pass(`${what}: ${label} is true.`)
    : fail(`${what} is off: ${label} is false.`);
}
