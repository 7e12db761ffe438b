import catalogueDocument from './checkov-catalogue.json';

/** One Checkov Terraform check, as Checkov declares it (no logic). */
export interface CheckovCheck {
  id: string;
  name: string;
  provider: 'aws' | 'google' | 'azurerm';
  /**
   * `resource` checks look at one resource, `data` checks at one data source
   * (types prefixed `data.`), `graph` checks follow references.
   */
  kind: 'resource' | 'data' | 'graph';
  resourceTypes: string[];
  /** The file in Checkov's repository that declares it. */
  source: string;
}

export interface CheckovCatalogue {
  source: string;
  commit: string;
  licence: string;
  checks: CheckovCheck[];
}

/**
 * Checkov's AWS, Google and Azure Terraform checks at one commit, read by
 * `scripts/checkov-catalogue.py` (Apache-2.0, see LICENSES/checkov.txt).
 */
export const CHECKOV: CheckovCatalogue = catalogueDocument as CheckovCatalogue;
