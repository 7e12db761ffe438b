import {
  ACCESS_REQUEST_KIND,
  BUDGET_REQUEST_KIND,
  WAIVER_REQUEST_KIND,
  type NewRequest,
} from '@groundwork/plugin-requests-common';

/** The kinds the portal's form asks for. */
export type FormKind =
  | typeof WAIVER_REQUEST_KIND
  | typeof BUDGET_REQUEST_KIND
  | typeof ACCESS_REQUEST_KIND;

export const FORM_KINDS: Array<{ kind: FormKind; label: string }> = [
  { kind: WAIVER_REQUEST_KIND, label: 'Policy waiver' },
  { kind: BUDGET_REQUEST_KIND, label: 'Budget change' },
  { kind: ACCESS_REQUEST_KIND, label: 'Temporary access' },
];

/** The GitHub team roles a temporary grant may give (the persona module's). */
export const ACCESS_ROLES = ['member', 'maintainer'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

/** What the "New request" form holds, as typed (strings until sent). */
export interface RequestFormValues {
  kind: FormKind;
  /** The component (waiver, budget) or system (access), as an entity ref. */
  entityRef: string;
  environment: string;
  rule: string;
  resource: string;
  monthlyBudget: string;
  /** Temporary access: the role in the system's owning GitHub team. */
  role: AccessRole;
  /** `YYYY-MM-DDTHH:mm`, read as UTC. */
  expires: string;
  reason: string;
}

export type RequestFormErrors = Partial<
  Record<keyof RequestFormValues, string>
>;

export const EMPTY_FORM: RequestFormValues = {
  kind: WAIVER_REQUEST_KIND,
  entityRef: '',
  environment: '',
  rule: '',
  resource: '',
  monthlyBudget: '',
  role: 'member',
  expires: '',
  reason: '',
};

const ENTITY_REF = /^[a-z0-9._-]+:([a-z0-9._-]+\/)?[a-z0-9._-]+$/i;
const RULE_ID = /^[A-Za-z0-9._-]+$/;

/** The form's `expires` as an ISO instant; undefined when it is not a date. */
export function expiresAtOf(expires: string): string | undefined {
  if (!expires.trim()) return undefined;
  const withZone = /Z|[+-]\d\d:\d\d$/.test(expires) ? expires : `${expires}Z`;
  const at = new Date(withZone);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** `now` plus a duration, as the form's `expires` field holds it. */
export function expiresIn(ms: number, now: number = Date.now()): string {
  return new Date(now + ms).toISOString().slice(0, 16);
}

/**
 * What is wrong with the form, field by field, in words saying what to do;
 * empty when it can be sent. The backend checks again (maximum durations,
 * rule ids it knows) and its answer is shown as it comes.
 */
export function validateRequestForm(
  values: RequestFormValues,
  now: number = Date.now(),
): RequestFormErrors {
  const errors: RequestFormErrors = {};
  const entity = values.entityRef.trim();
  if (!entity) {
    errors.entityRef =
      values.kind === ACCESS_REQUEST_KIND
        ? 'Name the system, e.g. system:default/payments.'
        : 'Name the entity, e.g. component:default/payments-api.';
  } else if (!ENTITY_REF.test(entity)) {
    errors.entityRef =
      'Write an entity reference: kind:namespace/name, e.g. component:default/payments-api.';
  } else if (
    values.kind === ACCESS_REQUEST_KIND &&
    !entity.toLocaleLowerCase('en-US').startsWith('system:')
  ) {
    errors.entityRef =
      'Access is granted on a system: system:<namespace>/<name>.';
  }
  if (!values.environment.trim()) {
    errors.environment = 'Pick the environment it applies to.';
  }
  if (values.kind === WAIVER_REQUEST_KIND) {
    if (!values.rule.trim()) errors.rule = 'Name the rule, e.g. GW-AWS-004.';
    else if (!RULE_ID.test(values.rule.trim())) {
      errors.rule = 'A rule id has letters, digits, dots, dashes: GW-AWS-004.';
    }
    if (!values.resource.trim()) {
      errors.resource =
        'Name the resource address; * matches any run of characters (aws_s3_bucket.*).';
    }
  }
  if (values.kind === BUDGET_REQUEST_KIND) {
    const budget = Number(values.monthlyBudget);
    if (
      !values.monthlyBudget.trim() ||
      !Number.isFinite(budget) ||
      budget <= 0
    ) {
      errors.monthlyBudget =
        'Give the new monthly budget as a positive number.';
    }
  }
  const expiresAt = expiresAtOf(values.expires);
  if (!expiresAt) {
    errors.expires = 'Say when it ends (a date and time, UTC).';
  } else if (Date.parse(expiresAt) <= now) {
    errors.expires = 'The end must be in the future.';
  }
  if (
    values.kind === ACCESS_REQUEST_KIND &&
    !(ACCESS_ROLES as readonly string[]).includes(values.role)
  ) {
    errors.role = 'Pick a role: member or maintainer.';
  }
  if (!values.reason.trim()) {
    errors.reason = 'Say why: the approver reads it.';
  }
  return errors;
}

/**
 * The one place the form's values become what `POST /requests` takes, per
 * kind. `person` is the signed-in person, who temporary access is for.
 */
export function buildNewRequest(
  values: RequestFormValues,
  person: string,
): NewRequest {
  const expiresAt = expiresAtOf(values.expires)!;
  const entityRef = values.entityRef.trim();
  const environment = values.environment.trim();
  const reason = values.reason.trim();
  switch (values.kind) {
    case WAIVER_REQUEST_KIND:
      return {
        kind: values.kind,
        reason,
        payload: {
          entityRef,
          environment,
          rule: values.rule.trim(),
          resource: values.resource.trim(),
          expiresAt,
        },
      };
    case BUDGET_REQUEST_KIND:
      return {
        kind: values.kind,
        reason,
        payload: {
          entityRef,
          environment,
          monthlyBudget: Number(values.monthlyBudget),
          expiresAt,
        },
      };
    default:
      return {
        kind: values.kind,
        reason,
        // The persona module's single grant: the system's owning team, in
        // one environment, with a role, for the signed-in person.
        payload: {
          system: entityRef,
          environment,
          expiresAt,
          person,
          role: values.role,
        },
      };
  }
}
