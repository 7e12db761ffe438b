import { linuxVmPasswordAuth, keyVaultPurgeProtection } from './compute';
import { firewallThreatIntel, nsgAdminPorts } from './network';
import {
  storageHttpsOnly,
  storageMinTls,
  storageNoPublicBlobs,
} from './storage';
import type { Rule } from '../../types';

/** The Azure rules. */
export const AZURE_RULES: readonly Rule[] = [
  nsgAdminPorts,
  storageMinTls,
  storageHttpsOnly,
  storageNoPublicBlobs,
  linuxVmPasswordAuth,
  keyVaultPurgeProtection,
  firewallThreatIntel,
];
