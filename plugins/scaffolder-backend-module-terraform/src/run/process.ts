// Moved to @groundwork/plugin-groundwork-node (shared with platform-status's
// drift checks); re-exported so this module's imports stay as they were.
export { runProcess, SpawnError } from '@groundwork/plugin-groundwork-node';
export type { ProcessStats } from '@groundwork/plugin-groundwork-node';
