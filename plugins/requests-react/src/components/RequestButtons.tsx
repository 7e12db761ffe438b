import Button from '@material-ui/core/Button';
import { useState } from 'react';
import type { RequestFormValues } from '../lib/requestForm';
import { NewRequestDialog } from './NewRequestDialog';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

// Suggested ends within the maxima the demo configures (30 days, 7 in prod):
// a waiver or budget until a fix or a launch is through, access for a shift.
const WAIVER_OR_BUDGET_FOR = 7 * DAY;
const ACCESS_FOR = 8 * HOUR;

const endIn = (ms: number) =>
  new Date(Date.now() + ms).toISOString().slice(0, 16);

function RequestButton(props: {
  label: string;
  initial: Partial<RequestFormValues>;
  environments?: string[];
  variant?: 'text' | 'outlined' | 'contained';
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="small"
        variant={props.variant ?? 'outlined'}
        color="primary"
        onClick={() => setOpen(true)}
      >
        {props.label}
      </Button>
      {open && (
        <NewRequestDialog
          open
          lockKind
          onClose={() => setOpen(false)}
          initial={props.initial}
          environments={props.environments}
        />
      )}
    </>
  );
}

/**
 * "Request a waiver" for one finding: rule, resource, entity and environment
 * filled in; the requester adds the reason and may change the end (7 days suggested).
 */
export function RequestWaiverButton(props: {
  entityRef: string;
  environment: string;
  rule: string;
  resource: string;
}) {
  return (
    <RequestButton
      label="Request a waiver"
      initial={{
        kind: 'waiver',
        entityRef: props.entityRef,
        environment: props.environment,
        rule: props.rule,
        resource: props.resource,
        expires: endIn(WAIVER_OR_BUDGET_FOR),
      }}
    />
  );
}

/** "Request budget" for an environment over budget, with a suggested amount. */
export function RequestBudgetButton(props: {
  entityRef: string;
  environment: string;
  suggestedBudget?: number;
}) {
  return (
    <RequestButton
      label="Request budget"
      initial={{
        kind: 'budget',
        entityRef: props.entityRef,
        environment: props.environment,
        monthlyBudget:
          props.suggestedBudget !== undefined
            ? String(props.suggestedBudget)
            : '',
        expires: endIn(WAIVER_OR_BUDGET_FOR),
      }}
    />
  );
}

/** "Request access": temporary access for the signed-in person to a system. */
export function RequestAccessButton(props: {
  system: string;
  environments?: string[];
  environment?: string;
  variant?: 'text' | 'outlined' | 'contained';
}) {
  return (
    <RequestButton
      label="Request access"
      variant={props.variant}
      environments={props.environments}
      initial={{
        kind: 'access',
        entityRef: props.system,
        environment: props.environment ?? '',
        expires: endIn(ACCESS_FOR),
      }}
    />
  );
}
