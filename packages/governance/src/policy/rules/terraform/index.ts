import {
  externalDataSource,
  localExecProvisioner,
  remoteExecProvisioner,
  remoteStateDataSource,
} from './codeExecution';
import type { Rule } from '../../types';

/** Rules on Terraform's own constructs, whatever the cloud. */
export const TERRAFORM_RULES: readonly Rule[] = [
  externalDataSource,
  localExecProvisioner,
  remoteExecProvisioner,
  remoteStateDataSource,
];
