// Moved to @groundwork/plugin-groundwork-node (shared with platform-status's
// drift checks); re-exported so this module's imports stay as they were.
export { childEnvironment } from '@groundwork/plugin-groundwork-node';
