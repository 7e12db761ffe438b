/**
 * Example plan documents fed through platform-status ingestion: the
 * embedded default's demo data.
 *
 * @packageDocumentation
 */
export { platformStatusModuleExamplePlans as default } from './module';
export { feedExamplePlans } from './feedExamplePlans';
