import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import type { RequestState as State } from '@groundwork/plugin-requests-common';

const TEXT: Record<State, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved, applying',
  rejected: 'Rejected',
  applied: 'Approved and applied',
  failed: 'Approved, applying failed',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** A request's state in words, with the status colour a reader expects. */
export function RequestState({ state }: { state: State }) {
  const text = TEXT[state] ?? state;
  switch (state) {
    case 'requested':
      return <StatusPending>{text}</StatusPending>;
    case 'approved':
      return <StatusRunning>{text}</StatusRunning>;
    case 'applied':
      return <StatusOK>{text}</StatusOK>;
    case 'rejected':
    case 'expired':
    case 'revoked':
      return <StatusAborted>{text}</StatusAborted>;
    default:
      return <StatusError>{text}</StatusError>;
  }
}
