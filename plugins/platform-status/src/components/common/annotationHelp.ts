import { PLATFORM_STATUS_ANNOTATIONS } from '@groundwork/plugin-platform-status-common';
import {
  ANNOTATION_ARGOCD_APPS,
  ANNOTATION_BUDGETS,
  ANNOTATION_COST_ALLOCATION,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_TERRAFORM_STATE,
} from '@groundwork/plugin-groundwork-common';

type Annotation = (typeof PLATFORM_STATUS_ANNOTATIONS)[number];

/**
 * What each annotation does, in the order of PLATFORM_STATUS_ANNOTATIONS.
 * Typed by that list, so an annotation added to the common package cannot
 * be left out of the empty state.
 */
export const ANNOTATION_HELP: Record<
  Annotation,
  { purpose: string; example: (envs: string[], name: string) => string }
> = {
  [ANNOTATION_ENVIRONMENTS]: {
    purpose: 'Required. The environments the entity runs in.',
    example: envs => envs.join(','),
  },
  [ANNOTATION_BUDGETS]: {
    purpose:
      'Monthly budget per environment; the others use the environment default.',
    example: envs =>
      envs.map((e, i) => `${e}=${[150, 300, 1200][i] ?? 500}`).join(','),
  },
  [ANNOTATION_ARGOCD_APPS]: {
    purpose:
      'Argo CD applications not created by argocd:create-app, optionally instance/app.',
    example: (envs, name) => envs.map(e => `${e}=${name}-${e}`).join(','),
  },
  [ANNOTATION_TERRAFORM_STATE]: {
    purpose: 'Where each environment keeps its Terraform state.',
    example: (envs, name) =>
      envs.map(e => `${e}=s3://acme-tfstate/${name}/${e}.tfstate`).join(','),
  },
  [ANNOTATION_COST_ALLOCATION]: {
    purpose:
      'Value of the cost-allocation tag the billing source groups by (default: the entity name).',
    example: (_envs, name) => name,
  },
};
