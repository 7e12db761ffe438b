// Moved to @groundwork/plugin-groundwork-node (shared with platform-status's
// drift checks); re-exported so this module's imports stay as they were.
export {
  BACKEND_OVERRIDE_FILE,
  LOCAL_STATE,
  VALIDATED_BACKENDS,
  backendOverride,
  backendProblems,
  redactedSettings,
  writeBackendOverride,
} from '@groundwork/plugin-groundwork-node';
export type { Backend } from '@groundwork/plugin-groundwork-node';
