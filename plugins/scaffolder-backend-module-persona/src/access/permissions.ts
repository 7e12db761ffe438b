import { createPermission } from '@backstage/plugin-permission-common';

/** Read the access reconciler's reports (who it added to or removed from which team). */
export const accessReconciliationReadPermission = createPermission({
  name: 'groundwork.access.reconciliation.read',
  attributes: { action: 'read' },
});

/** Ask the access reconciler to run now rather than at its next scheduled time. */
export const accessReconcilePermission = createPermission({
  name: 'groundwork.access.reconcile',
  attributes: { action: 'update' },
});

/**
 * Accept a commit on the access branch that no pull request made (a
 * break-glass push), so the reconciler may move past it. Audited.
 */
export const accessAcknowledgePermission = createPermission({
  name: 'groundwork.access.acknowledge',
  attributes: { action: 'update' },
});
