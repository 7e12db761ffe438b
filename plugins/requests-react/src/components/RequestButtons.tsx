import Button from '@material-ui/core/Button';
import { useState } from 'react';
import type { RequestFormValues } from '../lib/requestForm';
import { NewRequestDialog } from './NewRequestDialog';

const DAY = 24 * 3600_000;

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
 * filled in; the requester adds the reason and the end (30 days suggested).
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
        expires: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 16),
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
        expires: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 16),
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
        expires: new Date(Date.now() + DAY).toISOString().slice(0, 16),
      }}
    />
  );
}
