/**
 * Catalog annotations by which an entity tells Groundwork's plugins about
 * itself: platform status reads them all, terraform:apply its budgets. Every
 * one is documented in plugins/platform-status/README.md.
 */

/** Environments the entity runs in, by configured name: `dev,staging,prod`. */
export const ANNOTATION_ENVIRONMENTS = 'groundwork.dev/environments';

/**
 * Monthly budget overrides per environment, in the configured currency:
 * `dev=150,staging=300,prod=1200`. Environments left out use the default
 * budget from `groundwork.environments[].monthlyBudget`.
 */
export const ANNOTATION_BUDGETS = 'groundwork.dev/budgets';

/**
 * Argo CD applications of the entity when they were not created by
 * `argocd:create-app` (and so lack its labels): `dev=payments-dev,prod=payments`,
 * optionally with an instance: `prod=eu-prod/payments`.
 */
export const ANNOTATION_ARGOCD_APPS = 'groundwork.dev/argocd-apps';

/**
 * Terraform state per environment, for people reading the card:
 * `dev=s3://acme-tfstate/payments-api/dev.tfstate,prod=hcp:acme/payments-api-prod`.
 */
export const ANNOTATION_TERRAFORM_STATE = 'groundwork.dev/terraform-state';

/**
 * Where each environment's Terraform root module is in the entity's
 * repository (`backstage.io/source-location`), for the drift check that
 * runs `terraform plan -refresh-only`: `dev=infra/envs/dev,prod=stacks/prod`.
 * Environments left out use `infra/envs/<environment>`, where the new-service
 * template runs terraform:apply. Paths are relative to the repository and
 * never leave it.
 */
export const ANNOTATION_TERRAFORM_CODE = 'groundwork.dev/terraform-code';

/**
 * Value of the cost-allocation tag that the billing source groups by;
 * defaults to the entity name.
 */
export const ANNOTATION_COST_ALLOCATION = 'groundwork.dev/cost-allocation';

/** Parses `a,b , c` into `['a','b','c']`, dropping empty entries. */
export function parseListAnnotation(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map(part => part.trim())
    .filter(part => part.length > 0);
}

/**
 * Parses `key=value,key2=value2` into a map. Entries without `=` are
 * returned in `invalid` so callers can report them instead of guessing.
 */
export function parseMapAnnotation(value: string | undefined): {
  entries: Record<string, string>;
  invalid: string[];
} {
  const entries: Record<string, string> = {};
  const invalid: string[] = [];
  for (const part of parseListAnnotation(value)) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      invalid.push(part);
      continue;
    }
    entries[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return { entries, invalid };
}

/**
 * An amount of `groundwork.dev/budgets` (a finite number of at least 0), or
 * undefined when the entry is not one: the environment's default then
 * applies, in the gate and on the entity page alike.
 */
export function parseBudgetAmount(
  value: string | undefined,
): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const amount = Number(value);
  return Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}
