/**
 * What the coherence test finds in what the templates render today, each
 * with the number of the issue-14 defect it belongs to. The test requires
 * the findings to equal this list exactly: a fix makes its entries fail
 * the test until they are removed here, and a new defect fails it until it
 * is fixed (or, knowingly, listed).
 */
export interface KnownDefect {
  /** Issue 14's numbered defect ("Defects found, tried as a new user would"). */
  defect: number;
  /** Why, in a few words. */
  why: string;
  finding: string;
}

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect: 8,
    why: "onboarding binds the team's role in namespace <team>, which nothing creates",
    finding:
      'namespace dev: RoleBinding payments/groundwork-persona-ada-l-edit (employee-onboarding Ada-L kubernetes/dev) is in namespace payments, which nothing creates',
  },
  {
    defect: 8,
    why: "onboarding binds the team's role in namespace <team>, which nothing creates",
    finding:
      'namespace prod: RoleBinding payments/groundwork-persona-ada-l-view (employee-onboarding Ada-L kubernetes/prod) is in namespace payments, which nothing creates',
  },
  {
    defect: 8,
    why: "onboarding binds the team's role in namespace <team>, which nothing creates",
    finding:
      'namespace staging: RoleBinding payments/groundwork-persona-ada-l-edit (employee-onboarding Ada-L kubernetes/staging) is in namespace payments, which nothing creates',
  },
  {
    defect: 8,
    why: 'onboarding grants Argo CD roles on projects <team>-<env> that nothing creates (the service projects are named after the service)',
    finding:
      'argocd-policy: employee-onboarding Ada-L argocd/default/policy.payments.csv grants on projects payments-dev, payments-staging, which Argo CD instance default does not have',
  },
  {
    defect: 8,
    why: 'onboarding grants Argo CD roles on projects <team>-<env> that nothing creates (the service projects are named after the service)',
    finding:
      'argocd-policy: employee-onboarding Ada-L argocd/prod/policy.payments.csv grants on projects payments-prod, which Argo CD instance prod does not have',
  },
];
