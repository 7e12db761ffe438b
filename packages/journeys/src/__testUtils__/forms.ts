/**
 * new-service's form as a member of payments fills it in: an internal
 * Node.js service without a database or bucket, named `name`, in
 * `environments`.
 */
export const newServiceForm = (
  name: string,
  environments: string[] = ['dev', 'prod'],
) => ({
  name,
  description: 'Keeps the ledger',
  owner: 'group:default/payments',
  system: 'system:default/payments',
  language: 'nodejs',
  costCenter: 'cc-1042',
  environments,
  exposure: 'internal',
  monthlyBudget: 150,
  productionBudget: 900,
  alertEmail: 'payments@example.com',
  database: false,
  bucket: false,
  dataClassification: 'confidential',
  repoUrl: `github.com?owner=acme&repo=${name}`,
});
