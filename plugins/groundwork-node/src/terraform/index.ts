export { LineSplitter, MAX_LINE_LENGTH } from './lines';
export { runProcess, SpawnError } from './process';
export type { ProcessStats } from './process';
export { childEnvironment } from './environment';
export {
  BACKEND_OVERRIDE_FILE,
  LOCAL_STATE,
  VALIDATED_BACKENDS,
  backendOverride,
  backendProblems,
  redactedSettings,
  writeBackendOverride,
} from './backend';
export type { Backend } from './backend';
export { Redactor } from './redactor';
export { sleep } from './sleep';
export { HcpClient } from './HcpClient';
export type {
  AssessmentResultAttributes,
  JsonApiResource,
  RunAttributes,
} from './HcpClient';
export {
  PLAN_TIME_CODE,
  findInstalledModuleCode,
  findPlanTimeCode,
  planTimeCodeError,
  refusedFindings,
} from './code/planTimeCode';
export type {
  CodeFinding,
  CodePolicy,
  PlanTimeCode,
} from './code/planTimeCode';
