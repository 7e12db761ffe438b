// Moved to @groundwork/plugin-groundwork-node (shared with platform-status's
// drift checks); re-exported so this module's imports stay as they were.
export { HcpClient } from '@groundwork/plugin-groundwork-node';
export type {
  JsonApiResource,
  RunAttributes,
} from '@groundwork/plugin-groundwork-node';
