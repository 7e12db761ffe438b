import type { Rule } from '../../../types';

/** AWS compute, network and delivery rules (EC2, VPC, load balancers, CloudFront, API Gateway, Lambda, ECS, EKS, ECR). */
export const AWS_COMPUTE_NETWORK_RULES: readonly Rule[] = [];
