export { Contract } from './Contract';
export type {
  ContractOperation,
  ContractParameter,
  MatchedRequest,
} from './Contract';
export { ContractServer } from './ContractServer';
export type {
  ContractServerOptions,
  Fault,
  RecordedCall,
  StandInHandler,
  StandInRequest,
  StandInResponse,
} from './ContractServer';
