export { CostExplorerStandIn } from './CostExplorerStandIn';
export type {
  CostExplorerCall,
  CostExplorerFault,
  CostExplorerStandInOptions,
  CostLine,
} from './CostExplorerStandIn';
export { GET_COST_AND_USAGE_REQUEST } from './getCostAndUsageSchema';
