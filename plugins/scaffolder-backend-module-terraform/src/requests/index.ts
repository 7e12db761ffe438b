/**
 * The requests-backend module that applies approved waiver and budget
 * requests, which the terraform:apply gate reads while they are in force.
 *
 * @packageDocumentation
 */
export { requestsModuleGovernance as default } from './module';
export {
  createBudgetRequestApplier,
  createWaiverRequestApplier,
} from './appliers';
export type { GovernanceApplierOptions } from './appliers';
